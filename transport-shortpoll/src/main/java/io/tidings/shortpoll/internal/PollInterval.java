package io.tidings.shortpoll.internal;

import java.time.Duration;

/**
 * The short-poll interval: fixed, or adaptive between a minimum and a maximum (halved after a poll
 * that brought data, doubled after an empty one), jittered by ± a share. Not thread-safe: one
 * polling task uses it at a time.
 */
final class PollInterval {
  private final Duration min;
  private final Duration max;
  private final double jitter;
  private Duration current;

  PollInterval(Duration start, Duration min, Duration max, double jitter) {
    this.min = min;
    this.max = max;
    this.jitter = jitter;
    this.current = clamp(start);
  }

  /**
   * The pause before the next poll.
   *
   * @param hadData whether the last poll brought messages
   * @param random uniform in [0, 1), picks the jitter
   */
  Duration next(boolean hadData, double random) {
    current = clamp(hadData ? current.dividedBy(2) : current.multipliedBy(2));
    double factor = 1 + jitter * (2 * random - 1);
    return Duration.ofNanos(Math.max(1, (long) (current.toNanos() * factor)));
  }

  /** The interval before jitter. */
  Duration current() {
    return current;
  }

  private Duration clamp(Duration d) {
    if (d.compareTo(min) < 0) {
      return min;
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
