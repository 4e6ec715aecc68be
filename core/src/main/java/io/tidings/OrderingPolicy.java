package io.tidings;

import java.time.Duration;
import java.util.Objects;

/**
 * What core does between receiving and delivering messages. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #asReceived()}: deliver every message in arrival order.
 *   <li>{@link #deduplicate(int)}: drop a message whose id was seen among the last {@code window}
 *       ids (a resumed stream may repeat what was in flight).
 *   <li>{@link #ordered(int, Duration)}: deliver by {@link Message#sequence()}: drop what is at or
 *       below the last delivered sequence, hold early messages in a buffer of at most {@code
 *       bufferLimit}, and when a missing message has not come within {@code gapTimeout} (or the
 *       buffer is full) report a {@link Gap} and move on. Messages without a sequence are
 *       de-duplicated by id and delivered as they come.
 * </ul>
 */
public final class OrderingPolicy {
  /** Ids remembered by {@link #deduplicate(int)}: 1024. */
  public static final int DEFAULT_WINDOW = 1024;

  /** Early messages held by {@link #ordered(int, Duration)}: 10 000. */
  public static final int DEFAULT_BUFFER_LIMIT = 10_000;

  /** How long {@link #ordered(int, Duration)} waits for a missing message: 5 s. */
  public static final Duration DEFAULT_GAP_TIMEOUT = Duration.ofSeconds(5);

  /** The three modes. */
  public enum Mode {
    /** See {@link OrderingPolicy#asReceived()}. */
    AS_RECEIVED,
    /** See {@link OrderingPolicy#deduplicate(int)}. */
    DEDUPLICATE,
    /** See {@link OrderingPolicy#ordered(int, Duration)}. */
    ORDERED
  }

  private static final OrderingPolicy AS_RECEIVED =
      new OrderingPolicy(Mode.AS_RECEIVED, 0, 0, null);

  private final Mode mode;
  private final int window;
  private final int bufferLimit;
  private final Duration gapTimeout;

  private OrderingPolicy(Mode mode, int window, int bufferLimit, Duration gapTimeout) {
    this.mode = mode;
    this.window = window;
    this.bufferLimit = bufferLimit;
    this.gapTimeout = gapTimeout;
  }

  /** Deliver in arrival order, dropping nothing. */
  public static OrderingPolicy asReceived() {
    return AS_RECEIVED;
  }

  /** De-duplicate by id over the last {@link #DEFAULT_WINDOW} ids: the default policy. */
  public static OrderingPolicy deduplicate() {
    return deduplicate(DEFAULT_WINDOW);
  }

  /**
   * De-duplicate by id over the last {@code window} ids.
   *
   * @param window ids remembered, at least 1
   */
  public static OrderingPolicy deduplicate(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, was " + window);
    }
    return new OrderingPolicy(Mode.DEDUPLICATE, window, 0, null);
  }

  /**
   * Re-order by sequence number.
   *
   * @param bufferLimit early messages held at most, at least 1
   * @param gapTimeout how long to wait for a missing message before reporting a {@link Gap}
   */
  public static OrderingPolicy ordered(int bufferLimit, Duration gapTimeout) {
    if (bufferLimit < 1) {
      throw new IllegalArgumentException("bufferLimit must be at least 1, was " + bufferLimit);
    }
    Objects.requireNonNull(gapTimeout, "gapTimeout");
    if (gapTimeout.isNegative()) {
      throw new IllegalArgumentException("gapTimeout must not be negative, was " + gapTimeout);
    }
    return new OrderingPolicy(
        Mode.ORDERED, Math.min(bufferLimit, DEFAULT_WINDOW), bufferLimit, gapTimeout);
  }

  /** The mode. */
  public Mode mode() {
    return mode;
  }

  /** Ids remembered for de-duplication; 0 for {@link Mode#AS_RECEIVED}. */
  public int window() {
    return window;
  }

  /** Early messages held at most; 0 unless {@link Mode#ORDERED}. */
  public int bufferLimit() {
    return bufferLimit;
  }

  /** The gap timeout; null unless {@link Mode#ORDERED}. */
  public Duration gapTimeout() {
    return gapTimeout;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OrderingPolicy)) {
      return false;
    }
    OrderingPolicy p = (OrderingPolicy) o;
    return mode == p.mode
        && window == p.window
        && bufferLimit == p.bufferLimit
        && Objects.equals(gapTimeout, p.gapTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, window, bufferLimit, gapTimeout);
  }

  @Override
  public String toString() {
    switch (mode) {
      case DEDUPLICATE:
        return "OrderingPolicy{deduplicate, window=" + window + '}';
      case ORDERED:
        return "OrderingPolicy{ordered, bufferLimit="
            + bufferLimit
            + ", gapTimeout="
            + gapTimeout
            + '}';
      default:
        return "OrderingPolicy{as-received}";
    }
  }
}
