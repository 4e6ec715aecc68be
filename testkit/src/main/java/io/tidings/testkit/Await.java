package io.tidings.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline: for states that no callback announces (a count on the
 * server, a thread that ended). The condition is checked every {@link #CHECK_INTERVAL}; the
 * deadline, not the interval, bounds the wait.
 */
public final class Await {
  /** How often the condition is checked: 5 ms. */
  public static final Duration CHECK_INTERVAL = Duration.ofMillis(5);

  private Await() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @return true when it held within {@code timeout}
   * @throws InterruptedException when interrupted while waiting
   */
  public static boolean within(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(left, CHECK_INTERVAL.toNanos()));
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting");
      }
    }
    return true;
  }

  /**
   * Waits until {@code condition} holds, failing with an {@link AssertionError} naming {@code what}
   * after {@code timeout}.
   */
  public static void until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    if (!within(condition, timeout)) {
      throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }
  }
}
