package io.tidings.polling;

import io.tidings.SubscriptionConfig;
import io.tidings.polling.internal.HttpPoller;
import io.tidings.spi.ConfigOption;

/**
 * The keys shared by the polling transports (short and long polling, both listing them in their
 * {@code options()}): how much of one poll response is read. Set them with {@code
 * SubscriptionConfig.builder().option(PollOptions.MAX_BATCH_SIZE, 500)} or {@code
 * tidings.poll.max-batch-size=500}. Immutable constants; thread-safe.
 */
public final class PollOptions {
  /**
   * Envelopes a poll batch may hold: 10 000. The first this many are delivered, the rest of the
   * body is not read, and the next poll resumes from the last one delivered.
   */
  public static final int DEFAULT_MAX_BATCH_SIZE = 10_000;

  /**
   * {@code tidings.poll.max-body-size}: largest poll response body after decompression, in bytes.
   * Not set (0): {@code HttpPoller.bodyLimit(maxMessageSize)} of {@code tidings.max-message-size}.
   * Read it with {@link #maxBodySize(SubscriptionConfig)}, which applies that default.
   */
  public static final ConfigOption<Long> MAX_BODY_SIZE =
      ConfigOption.derivedSize(
          "poll.max-body-size",
          "(" + HttpPoller.BODY_LIMIT_FACTOR + " × max-message-size, at least 64MiB)",
          "Largest poll response body after decompression (size). Bodies are parsed as a stream,"
              + " so this bounds one poll's reading, not memory; a larger body ends the poll after"
              + " the messages before the limit were delivered.");

  /** {@code tidings.poll.max-batch-size}: envelopes read from one poll batch. */
  public static final ConfigOption<Integer> MAX_BATCH_SIZE =
      ConfigOption.wholeNumber(
          "poll.max-batch-size",
          DEFAULT_MAX_BATCH_SIZE,
          1,
          "Envelopes read from one poll batch; the rest of a longer one is not read, an error"
              + " reports it, and the next poll resumes from the last envelope delivered. At least"
              + " 1.");

  private PollOptions() {}

  /**
   * The largest poll body of {@code config}: {@link #MAX_BODY_SIZE} when set, else {@link
   * HttpPoller#bodyLimit(long)} of its {@code maxMessageSize()}.
   *
   * @param config not null
   * @return bytes, at least 1
   */
  public static long maxBodySize(SubscriptionConfig config) {
    long set = config.option(MAX_BODY_SIZE);
    return set > 0 ? set : HttpPoller.bodyLimit(config.maxMessageSize());
  }
}
