package io.tidings.shortpoll.internal;

import io.tidings.SubscriptionConfig;
import io.tidings.polling.internal.HttpPoller;
import io.tidings.shortpoll.ShortPollTransportProvider;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One short-poll connection: after a poll, poll again at once when the server said {@code more},
 * otherwise after the {@link PollInterval} (fixed, or adaptive when {@code
 * tidings.shortpoll.min-interval} and {@code max-interval} are set).
 */
public final class ShortPoller extends HttpPoller {
  private final PollInterval interval;

  /** A poller for the context's configuration. */
  public ShortPoller(TransportContext context, Cursor cursor, ConnectionListener listener) {
    super(context, cursor, listener, (java.time.Duration) null);
    SubscriptionConfig c = context.config();
    Duration every = c.option(ShortPollTransportProvider.INTERVAL);
    Duration min = c.option(ShortPollTransportProvider.MIN_INTERVAL);
    Duration max = c.option(ShortPollTransportProvider.MAX_INTERVAL);
    this.interval =
        new PollInterval(
            every,
            min == null ? every : min,
            max == null ? every : max,
            c.option(ShortPollTransportProvider.JITTER));
  }

  @Override
  protected Duration pauseAfter(Outcome outcome, Duration elapsed) {
    if (outcome == Outcome.MORE) {
      return Duration.ZERO;
    }
    return interval.next(outcome == Outcome.DATA, ThreadLocalRandom.current().nextDouble());
  }
}
