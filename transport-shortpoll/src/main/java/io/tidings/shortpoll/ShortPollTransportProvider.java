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

  /** Added to the longest interval for the quiet period: 10 s. */
  public static final Duration QUIET_MARGIN = Duration.ofSeconds(10);

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

  /** Between polls nothing arrives: the longest jittered interval plus a margin is healthy. */
  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    Duration longest = config.shortPollMaxInterval().orElse(config.shortPollInterval());
    long jittered = (long) (longest.toMillis() * (1 + config.shortPollJitter()));
    return Duration.ofMillis(jittered).plus(QUIET_MARGIN);
  }
}
