package io.tidings.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide, bounded pool of platform threads that runs every subscription's callbacks
 * (through one {@link SerialDelivery} per subscription), unless the subscription was given its own
 * executor. Threads ({@code tidings-delivery-N}) start on demand, at most {@link #size()}, and end
 * after {@link #KEEP_ALIVE} without work, so idle subscriptions hold none. Tasks wait in an
 * unbounded queue: submitting never blocks and never fails while the pool runs.
 *
 * <p>Isolation: a callback that blocks holds one thread; other subscriptions' deliveries go on as
 * long as fewer than {@link #size()} callbacks block at once. Thread-safe.
 */
final class DeliveryPool implements Executor {
  /** The system property that sets {@link #size()}; default {@link #defaultSize()}. */
  static final String SIZE_PROPERTY = "tidings.delivery.threads";

  /** How long a thread without work is kept. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

  private final ThreadPoolExecutor pool;
  // The threads started that may still be alive: awaitTermination joins them, since the executor
  // counts as terminated while its last worker is still on its way out.
  private final Set<Thread> started = ConcurrentHashMap.newKeySet();

  /** A pool of at most {@code size} threads. */
  DeliveryPool(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("delivery pool size must be at least 1: " + size);
    }
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            size,
            size,
            KEEP_ALIVE.toMillis(),
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new PoolThread(this, r, "tidings-delivery-" + n.incrementAndGet());
              started.removeIf(s -> !s.isAlive()); // keep only the few that may still run
              started.add(t);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** A pool sized by {@value #SIZE_PROPERTY}, or {@link #defaultSize()}. */
  static DeliveryPool fromSystemProperty() {
    String v = System.getProperty(SIZE_PROPERTY);
    int size = defaultSize();
    if (v != null && !v.isBlank()) {
      try {
        size = Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "-D" + SIZE_PROPERTY + "=" + v + " is not a whole number of threads", e);
      }
    }
    return new DeliveryPool(size);
  }

  /** The default size: the number of processors, at least 2. */
  static int defaultSize() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /** The most threads that run callbacks at once. */
  int size() {
    return pool.getMaximumPoolSize();
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** True when the calling thread is one of this pool's. */
  boolean isPoolThread() {
    Thread t = Thread.currentThread();
    return t instanceof PoolThread && ((PoolThread) t).owner == this;
  }

  /** Accepts no more tasks; queued and running ones finish. */
  void shutdown() {
    pool.shutdown();
  }

  /**
   * Waits until every thread of a {@link #shutdown()} pool has ended, not just its tasks: when this
   * returns true, none of them is alive any more. From a pool thread returns false at once.
   *
   * @return true when they have ended
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    if (isPoolThread()) {
      return false;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    return joinAll(started, deadline);
  }

  /**
   * Joins each of {@code threads} but the caller's own until {@code deadline} ({@link
   * System#nanoTime()}).
   */
  static boolean joinAll(Iterable<Thread> threads, long deadline) throws InterruptedException {
    for (Thread t : threads) {
      if (t == Thread.currentThread()) {
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      }
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Threads alive now (for tests and benchmarks). */
  int threads() {
    return pool.getPoolSize();
  }

  private static final class PoolThread extends Thread {
    final DeliveryPool owner;

    PoolThread(DeliveryPool owner, Runnable r, String name) {
      super(r, name);
      this.owner = owner;
      setDaemon(true);
    }
  }
}
