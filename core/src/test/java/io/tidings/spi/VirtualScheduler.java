package io.tidings.spi;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time for tests: nothing runs until the test calls {@link
 * #advance}, which moves the clock forward and runs every task that fell due, in due order, on the
 * calling thread. A task scheduled with a zero delay waits for the next {@link #advance} (or {@link
 * #runDue}). Thread-safe: tasks may be scheduled from any thread.
 */
public final class VirtualScheduler implements Scheduler {
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now = 1_000_000_000L; // any start: only differences mean anything
  private long sequence; // keeps tasks due at the same time in scheduling order

  @Override
  public synchronized Runnable schedule(Runnable task, Duration delay) {
    long due = now + Math.max(0, delay.toNanos());
    Task t = new Task(due, sequence++, task);
    tasks.add(t);
    return () -> cancel(t);
  }

  private synchronized void cancel(Task t) {
    tasks.remove(t);
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** Moves the clock forward by {@code by} and runs every task due by then, in due order. */
  public void advance(Duration by) {
    long until;
    synchronized (this) {
      until = now + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > until) {
          now = until;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      next.task.run(); // outside the lock: a task may schedule more
    }
  }

  /** Runs the tasks due now without moving the clock. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** The delay from now to the earliest pending task, or null when none is pending. */
  public synchronized Duration nextDelay() {
    Task next = tasks.peek();
    return next == null ? null : Duration.ofNanos(next.due - now);
  }

  private static final class Task implements Comparable<Task> {
    final long due;
    final long order;
    final Runnable task;

    Task(long due, long order, Runnable task) {
      this.due = due;
      this.order = order;
      this.task = task;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }
}
