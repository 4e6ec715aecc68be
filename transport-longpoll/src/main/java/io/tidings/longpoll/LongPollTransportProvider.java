package io.tidings.longpoll;

import io.tidings.FailureDecision;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.longpoll.internal.LongPoller;
import io.tidings.polling.PollOptions;
import io.tidings.polling.internal.NotABatch;
import io.tidings.spi.Capability;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Long polling ({@code tidings.transport=longpoll}): one request at a time, held by the server
 * until there is data or {@code tidings.longpoll.wait} has passed, the next one sent as soon as the
 * answer is in. An empty answer ({@code 204}, {@code 304}, no messages) that came back in less than
 * {@link #HELD_SHARE} of the wait was not held, by a server or proxy that ignores the wait: the
 * next poll then waits {@code tidings.longpoll.min-interval} ({@link #DEFAULT_MIN_INTERVAL}), so
 * such a server sees at most one request per interval instead of a storm. Works through every
 * proxy. Receive-only. Thread-safe and stateless.
 */
public final class LongPollTransportProvider implements TransportProvider {
  /** The name used in {@code tidings.transport}. */
  public static final String NAME = "longpoll";

  /** How long the server may hold a long poll: 30 s. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  /** Query parameter carrying the long-poll wait, in seconds: {@value}. */
  public static final String DEFAULT_WAIT_PARAM = "wait";

  /** Pause before the next long poll after an empty answer that was not held: 1 s. */
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);

  /** {@code tidings.longpoll.wait}; default {@link #DEFAULT_WAIT}. */
  public static final ConfigOption<Duration> WAIT =
      ConfigOption.positiveDuration(
          "longpoll.wait",
          DEFAULT_WAIT,
          "How long the server may hold a long poll (greater than zero).");

  /** {@code tidings.longpoll.wait-param}; default {@link #DEFAULT_WAIT_PARAM}. */
  public static final ConfigOption<String> WAIT_PARAM =
      ConfigOption.text(
          "longpoll.wait-param",
          DEFAULT_WAIT_PARAM,
          "Query parameter carrying the long-poll wait, in seconds.");

  /**
   * {@code tidings.longpoll.min-interval}: the pause before the next long poll after an empty
   * answer (204, 304, no messages) that came back in less than {@link #HELD_SHARE} of the wait;
   * default {@link #DEFAULT_MIN_INTERVAL}.
   */
  public static final ConfigOption<Duration> MIN_INTERVAL =
      ConfigOption.positiveDuration(
          "longpoll.min-interval",
          DEFAULT_MIN_INTERVAL,
          "Pause before the next long poll after an empty answer that came back in less than half"
              + " the wait (a server or proxy that does not hold polls); after messages, or an"
              + " empty answer that was held, the next poll goes out at once (greater than"
              + " zero).");

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
  public List<ConfigOption<?>> options() {
    return List.of(
        WAIT, WAIT_PARAM, MIN_INTERVAL, PollOptions.MAX_BODY_SIZE, PollOptions.MAX_BATCH_SIZE);
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
    Duration paused = config.option(MIN_INTERVAL).plus(MIN_MARGIN);
    return held.compareTo(paused) >= 0 ? held : paused;
  }

  static Duration readTimeout(SubscriptionConfig config) {
    Duration wait = config.option(WAIT);
    Duration half = wait.dividedBy(2);
    return wait.plus(half.compareTo(MIN_MARGIN) > 0 ? half : MIN_MARGIN);
  }

  /**
   * Polling is unavailable on this path ({@link FailureDecision#FALL_BACK}) when a {@code 2xx}
   * answer is not a batch at all: not declared JSON and not starting like JSON, such as a proxy's
   * HTML error or login page ({@link NotABatch} states the rule). Network failures, timeouts, 5xx
   * and a broken body declared JSON follow core's rules (retried on this transport).
   */
  @Override
  public Optional<FailureDecision> classify(TidingsException failure, SubscriptionConfig config) {
    return NotABatch.isCauseOf(failure) ? Optional.of(FailureDecision.FALL_BACK) : Optional.empty();
  }
}
