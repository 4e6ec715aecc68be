package io.tidings.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one subscription's callbacks one at a time, in order, as short drain tasks on a shared
 * executor (the {@link DeliveryPool}, or the user's): a serial executor without a task object per
 * item. Producers add to their own queue, then call {@link #signal()}; at most one drain of this
 * subscription is queued or running at any moment, and each drain hands its thread back after
 * {@link #BATCH} items so that a busy subscription does not starve the others on the pool.
 *
 * <p>Threading: {@link #signal()} may be called from any thread, never blocks and never runs the
 * drain itself. {@link Drain#drain} is only ever called by one thread at a time, and each call
 * happens-after the previous one ends. Thread-safe.
 */
final class SerialDelivery implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SerialDelivery.class);

  /** Items one drain task delivers before it yields its thread to other subscriptions. */
  static final int BATCH = 64;

  /**
   * The longest a drain waits for the next item of a burst before it lets go of its thread (see
   * {@link #awaitSignal()}): a few microseconds, the order of a park and unpark.
   */
  static final long SPIN_NANOS = 10_000;

  /** What a drain found. */
  enum Result {
    /** Stopped at the budget with items left: run again soon. */
    MORE,
    /** Nothing deliverable now: run again on the next {@link #signal()}. */
    IDLE,
    /** The last item was delivered: never run again. */
    DONE
  }

  /** Delivers a subscription's items. Called serially, never on the producer's thread. */
  interface Drain {
    /**
     * Delivers up to {@code budget} items.
     *
     * @return whether items are left, none is ready, or delivery is over
     */
    Result drain(int budget);
  }

  private static final int IDLE = 0;
  private static final int SCHEDULED = 1; // queued or running
  private static final int SIGNALLED = 2; // running, and signalled since it started
  private static final int DONE = 3;

  private final Executor executor;
  private final Drain drain;
  private final String name;
  private final AtomicInteger state = new AtomicInteger(IDLE);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Thread runner;

  /**
   * @param executor where drains run; must not run tasks on the calling thread
   * @param drain what is delivered
   * @param name the subscription's name, for log messages
   */
  SerialDelivery(Executor executor, Drain drain, String name) {
    this.executor = executor;
    this.drain = drain;
    this.name = name;
  }

  /** Something was added: makes sure a drain will run after this call. Never blocks. */
  void signal() {
    while (true) {
      int s = state.get();
      if (s == IDLE) {
        if (state.compareAndSet(IDLE, SCHEDULED)) {
          submit();
          return;
        }
      } else if (s == SCHEDULED) {
        if (state.compareAndSet(SCHEDULED, SIGNALLED)) {
          return;
        }
      } else {
        return; // SIGNALLED or DONE
      }
    }
  }

  /** One drain task. Not for callers: only the executor runs it. */
  @Override
  public void run() {
    runner = Thread.currentThread();
    try {
      boolean busy = false; // items came in while this drain was queued or running: a burst
      int spins = 0; // waits for the next item of a burst in this task: at most BATCH
      while (true) {
        // Consumes a SIGNALLED: what it announced is drained below.
        busy |= state.getAndSet(SCHEDULED) == SIGNALLED;
        Result r = drain.drain(BATCH);
        if (r == Result.DONE) {
          finish();
          return;
        }
        if (r == Result.MORE) {
          runner = null;
          submit(); // to the back of the pool's queue: others get their turn
          return;
        }
        runner = null;
        if (busy && spins++ < BATCH && awaitSignal()) {
          runner = Thread.currentThread(); // the next item of the burst came: no wake-up needed
          continue;
        }
        if (state.compareAndSet(SCHEDULED, IDLE)) {
          return;
        }
        busy = true;
        runner = Thread.currentThread(); // signalled while draining: drain again
      }
    } catch (RuntimeException | Error e) {
      finish();
      throw e;
    }
  }

  /**
   * In a burst, waits up to {@link #SPIN_NANOS} (spinning, holding the pool thread) for the next
   * signal before letting go: about what parking and being woken again would cost both threads, so
   * at worst it doubles that cost, and it saves it whenever the next item comes in time. Never
   * spins after a drain that found a single item (paced messages, an idle subscription).
   *
   * @return true when signalled while waiting
   */
  private boolean awaitSignal() {
    long deadline = System.nanoTime() + SPIN_NANOS;
    do {
      if (state.get() != SCHEDULED) {
        return true;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - deadline < 0);
    return false;
  }

  private void finish() {
    state.set(DONE);
    runner = null;
    done.countDown();
  }

  private void submit() {
    try {
      executor.execute(this);
    } catch (RejectedExecutionException e) {
      // The user's executor was shut down or is full. Deliveries must still happen, off the
      // producer's thread: fall back to a thread of our own for this drain.
      log.warn(
          "Subscription '{}': the executor refused a delivery task ({}); delivering on a thread of"
              + " its own",
          name,
          e.toString());
      Thread t = new Thread(this, "tidings-" + name + "-delivery");
      t.setDaemon(true);
      t.start();
    }
  }

  /** True when the calling thread is running this subscription's callbacks now. */
  boolean isDeliveryThread() {
    return runner == Thread.currentThread();
  }

  /** The thread running a drain now, or null. */
  Thread runner() {
    return runner;
  }

  /** True once the last item was delivered (or a drain failed). */
  boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Waits until delivery is over: the drain returned {@link Result#DONE} and let go of its thread.
   *
   * @return true when it is; false after {@code timeout}
   */
  boolean awaitDone(Duration timeout) {
    try {
      return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
