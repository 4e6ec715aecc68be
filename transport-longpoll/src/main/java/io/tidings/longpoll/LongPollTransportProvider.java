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
 * answer is in. Works through every proxy. Receive-only. Thread-safe and stateless.
 */
public final class LongPollTransportProvider implements TransportProvider {
  /** The name used in {@code tidings.transport}. */
  public static final String NAME = "longpoll";

  /**
   * Added to the wait for the client's read timeout, and to the quiet period, at least: 2 s (or
   * half the wait when that is longer).
   */
  public static final Duration MIN_MARGIN = Duration.ofSeconds(2);

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

  /** A held poll answers within the wait: silence up to wait plus the margin is healthy. */
  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    return readTimeout(config);
  }

  static Duration readTimeout(SubscriptionConfig config) {
    Duration wait = config.longPollWait();
    Duration half = wait.dividedBy(2);
    return wait.plus(half.compareTo(MIN_MARGIN) > 0 ? half : MIN_MARGIN);
  }
}
