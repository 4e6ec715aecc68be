package io.tidings.shortpoll;

import io.tidings.FailureDecision;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.polling.PollOptions;
import io.tidings.polling.internal.NotABatch;
import io.tidings.shortpoll.internal.ShortPoller;
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
 * Short polling ({@code tidings.transport=shortpoll}): a request every {@code
 * tidings.shortpoll.interval} (with jitter), again at once while the server has more, optionally
 * adaptive between {@code tidings.shortpoll.min-interval} and {@code max-interval}. Never two
 * requests at once. Works with any HTTP server, including a plain REST resource in {@code raw}
 * format. Receive-only. Thread-safe and stateless.
 */
public final class ShortPollTransportProvider implements TransportProvider {
  /** The name used in {@code tidings.transport}. */
  public static final String NAME = "shortpoll";

  /** Time between short polls: 2 s. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  /** Random share added to or taken off each short-poll interval: 0.1. */
  public static final double DEFAULT_JITTER = 0.1;

  /** {@code tidings.shortpoll.interval}; default {@link #DEFAULT_INTERVAL}. */
  public static final ConfigOption<Duration> INTERVAL =
      ConfigOption.positiveDuration(
          "shortpoll.interval", DEFAULT_INTERVAL, "Time between short polls (greater than zero).");

  /** {@code tidings.shortpoll.jitter}, in [0, 1); default {@link #DEFAULT_JITTER}. */
  public static final ConfigOption<Double> JITTER =
      ConfigOption.decimal(
          "shortpoll.jitter",
          DEFAULT_JITTER,
          0,
          1,
          "Random share added to or taken off each short-poll interval, at least 0 and below 1.");

  /**
   * {@code tidings.shortpoll.min-interval}: with {@link #MAX_INTERVAL} (both or neither), makes
   * short polling adaptive, faster while data flows; none by default.
   */
  public static final ConfigOption<Duration> MIN_INTERVAL =
      ConfigOption.positiveDuration(
          "shortpoll.min-interval",
          null,
          "With `shortpoll.max-interval` (set both or neither), makes short polling adaptive:"
              + " faster while data flows, down to this interval.");

  /** {@code tidings.shortpoll.max-interval}: see {@link #MIN_INTERVAL}; none by default. */
  public static final ConfigOption<Duration> MAX_INTERVAL =
      ConfigOption.positiveDuration(
          "shortpoll.max-interval",
          null,
          "With `shortpoll.min-interval`, makes short polling adaptive: slower while polls come"
              + " back empty, up to this interval.");

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
  public List<ConfigOption<?>> options() {
    return List.of(
        INTERVAL,
        JITTER,
        MIN_INTERVAL,
        MAX_INTERVAL,
        PollOptions.MAX_BODY_SIZE,
        PollOptions.MAX_BATCH_SIZE);
  }

  /** The adaptive bounds: both or neither, the maximum at least the minimum. */
  @Override
  public void checkOptions(SubscriptionConfig config) {
    Duration min = config.option(MIN_INTERVAL);
    Duration max = config.option(MAX_INTERVAL);
    if ((min == null) != (max == null)) {
      throw new IllegalArgumentException(
          "set both " + MIN_INTERVAL.key() + " and " + MAX_INTERVAL.key() + ", or neither");
    }
    if (min != null && max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "shortpoll max interval (" + max + ") is less than min interval (" + min + ")");
    }
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
    Duration max = config.option(MAX_INTERVAL);
    Duration longest = max == null ? config.option(INTERVAL) : max;
    Duration jittered = Duration.ofNanos((long) (longest.toNanos() * (1 + config.option(JITTER))));
    Duration quarter = jittered.dividedBy(4);
    return jittered.plus(quarter.compareTo(MIN_QUIET_MARGIN) > 0 ? quarter : MIN_QUIET_MARGIN);
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
