package io.tidings.longpoll;

import io.tidings.SubscriptionConfig;
import io.tidings.longpoll.internal.LongPoller;
import io.tidings.spi.Capability;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.Set;

/**
 * Long polling ({@code tidings.transport=longpoll}): one request at a time, held by the server
 * until there is data or {@code tidings.longpoll.wait} has passed, the next one sent as soon as the
 * answer is in. An empty answer ({@code 204}, {@code 304}, no messages) that came back in less than
 * {@link #HELD_SHARE} of the wait was not held, by a server or proxy that ignores the wait: the
 * next poll then waits {@code tidings.longpoll.min-interval} ({@link
 * SubscriptionConfig#DEFAULT_LONGPOLL_MIN_INTERVAL}), so such a server sees at most one request per
 * interval instead of a storm. Works through every proxy. Receive-only. Thread-safe and stateless.
 */
public final class LongPollTransportProvider implements TransportProvider {
  /** The name used in {@code tidings.transport}. */
  public static final String NAME = "longpoll";

  /**
   * Added to the wait for the client's read timeout, and to the quiet period, at least: 2 s (or
   * half the wait when that is longer).
   */
  public static final Duration MIN_MARGIN = Duration.ofSeconds(2);

  /**
   * The share of the wait an empty answer must have been held for the next poll to go out at once:
   * {@value}. A server may end a wait early (its own cap on the wait, a shutdown); half of it still
   * keeps the request rate of a server that never holds at one per {@code
   * tidings.longpoll.min-interval}.
   */
  public static final double HELD_SHARE = 0.5;

  /** Creates the provider; ServiceLoader calls this. */
  public LongPollTransportProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener) {
    LongPoller poller = new LongPoller(context, cursor, listener, readTimeout(context.config()));
    poller.start();
    return poller;
  }

  /**
   * A held poll answers within the wait, and a pause after an early empty answer lasts {@code
   * tidings.longpoll.min-interval}: silence up to the longer of the two, plus the margin, is
   * healthy.
   */
  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    Duration held = readTimeout(config);
    Duration paused = config.longPollMinInterval().plus(MIN_MARGIN);
    return held.compareTo(paused) >= 0 ? held : paused;
  }

  static Duration readTimeout(SubscriptionConfig config) {
    Duration wait = config.longPollWait();
    Duration half = wait.dividedBy(2);
    return wait.plus(half.compareTo(MIN_MARGIN) > 0 ? half : MIN_MARGIN);
  }
}
