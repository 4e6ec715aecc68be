package io.tidings.spi;

import java.time.Duration;

/**
 * Core's clock and timer: every delay core and the transports wait for (reconnect backoff, stall
 * checks, gap timeouts, polling intervals) is scheduled here, and every elapsed time they measure
 * is read from {@link #nanoTime()}. The default runs tasks on one shared daemon timer thread and
 * reads {@link System#nanoTime()}; tests pass a virtual-time implementation to {@code
 * TidingsClient.Builder#scheduler} (core's test-jar has {@code io.tidings.spi.VirtualScheduler}).
 *
 * <p>Implementations must be thread-safe. Tasks must be quick and never block: blocking work goes
 * to {@link TransportContext#executor()}.
 */
public interface Scheduler {
  /**
   * Runs {@code task} once after {@code delay}. After the scheduler was shut down, does nothing.
   *
   * @param task what to run, not null
   * @param delay how long from now; zero or negative runs it as soon as possible
   * @return cancels the task if it has not run yet; idempotent, never null
   */
  Runnable schedule(Runnable task, Duration delay);

  /**
   * A monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences mean anything.
   */
  long nanoTime();
}
