package io.tidings.shortpoll;

import io.tidings.SubscriptionConfig;
import io.tidings.shortpoll.internal.ShortPoller;
import io.tidings.spi.Capability;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.Set;

/**
 * Short polling ({@code tidings.transport=shortpoll}): a request every {@code
 * tidings.shortpoll.interval} (with jitter), again at once while the server has more, optionally
 * adaptive between {@code tidings.shortpoll.min-interval} and {@code max-interval}. Never two
 * requests at once. Works with any HTTP server, including a plain REST resource in {@code raw}
 * format. Receive-only. Thread-safe and stateless.
 */
public final class ShortPollTransportProvider implements TransportProvider {
  /** The name used in {@code tidings.transport}. */
  public static final String NAME = "shortpoll";

  /**
   * Added to the longest jittered interval for the quiet period, at least: 1 s (or a quarter of
   * that interval when that is longer). It covers a late timer and a slow start of the next
   * request; an answered poll, even an empty one, is activity, so the interval is the only silence
   * by design.
   */
  public static final Duration MIN_QUIET_MARGIN = Duration.ofSeconds(1);

  /** Creates the provider; ServiceLoader calls this. */
  public ShortPollTransportProvider() {}

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
    ShortPoller poller = new ShortPoller(context, cursor, listener);
    poller.start();
    return poller;
  }

  /**
   * Between an answer and the next request nothing happens for up to one interval: the longest
   * jittered interval ({@code max-interval} when adaptive) plus a margin of {@link
   * #MIN_QUIET_MARGIN} or a quarter of it, whichever is longer, is healthy. How long the server may
   * take to answer is {@code tidings.stall-timeout}'s to say: core uses the longer of the two.
   */
  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    Duration longest = config.shortPollMaxInterval().orElse(config.shortPollInterval());
    Duration jittered =
        Duration.ofNanos((long) (longest.toNanos() * (1 + config.shortPollJitter())));
    Duration quarter = jittered.dividedBy(4);
    return jittered.plus(quarter.compareTo(MIN_QUIET_MARGIN) > 0 ? quarter : MIN_QUIET_MARGIN);
  }
}
