package io.tidings.examples;

import java.time.Duration;

/** A point in time that waits are bounded by. Immutable. */
final class Deadline {
  private final long deadlineNanos;

  Deadline(Duration timeout) {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /** Time left, zero once passed. */
  Duration left() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** The smaller of the time left and {@code max}. */
  Duration atMost(Duration max) {
    Duration left = left();
    return left.compareTo(max) < 0 ? left : max;
  }

  boolean passed() {
    return deadlineNanos - System.nanoTime() <= 0;
  }
}
