package io.tidings.internal;

import io.tidings.spi.Cursor;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One configured transport of a subscription: its provider and {@link LaneContext}, its own backoff
 * state (consecutive failures, the window they count in, the server's retry hint), its resume
 * hints, and its current {@link Attempt}. One transport's hint never paces another's reconnects.
 *
 * <p>Locking: the backoff fields and {@link #current} are guarded by the coordinator's state lock;
 * the resume hints by this lane's own monitor (a transport reports them from its network thread).
 */
final class Lane {
  final TransportProvider provider;
  final LaneContext context;

  // Guarded by the coordinator's state lock.
  int failures;
  long windowStartNanos;
  Duration retryHint;
  boolean reauthenticated; // the current attempt uses credentials fetched after a refusal
  // The secrets the previous attempt added (its credentials): a server may still echo them.
  volatile io.tidings.spi.Redactor previousAttemptSecrets = io.tidings.spi.Redactor.NONE;
  boolean refreshCredentials; // the next attempt asks the provider for fresh credentials
  Runnable pendingReconnect;
  Attempt current;
  private int attempts;

  // Guarded by this.
  private final Map<String, String> hints = new TreeMap<>();
  private String hintsAtId;

  Lane(TransportProvider provider, LaneContext context) {
    this.provider = provider;
    this.context = context;
  }

  String name() {
    return provider.name();
  }

  /** The next attempt's number, from 1. Under the state lock. */
  int nextAttemptNumber() {
    return ++attempts;
  }

  /**
   * Remembers a hint the transport reported.
   *
   * @param atId the last accepted id when it was reported: the hint describes that position
   */
  synchronized void rememberHint(String key, String value, String atId) {
    Objects.requireNonNull(key, "key");
    if (!Objects.equals(atId, hintsAtId)) {
      // Reported at a new position: what this transport said before still holds for it (it
      // reports only what changed), so keep the others and move them along.
      hintsAtId = atId;
    }
    if (value == null) {
      hints.remove(key);
    } else {
      hints.put(key, value);
    }
  }

  /**
   * The spec of the next attempt: the cursor at {@code lastId} with this transport's hints when
   * they still describe that position (another transport may have moved it since; then they are
   * dropped), and the configured headers.
   */
  ConnectSpec connectSpec(int attempt, String lastId) {
    Map<String, String> given;
    synchronized (this) {
      if (!Objects.equals(lastId, hintsAtId)) {
        hints.clear();
        hintsAtId = lastId;
      }
      given = Map.copyOf(hints);
    }
    Cursor cursor = Cursor.of(lastId, given);
    return new ConnectSpec(attempt, cursor, context.headers());
  }
}
