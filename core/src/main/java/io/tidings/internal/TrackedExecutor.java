package io.tidings.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a subscription's blocking tasks (read loops, polls) on the user's executor, or on a new
 * named thread per task: a virtual thread on JDK 21+ ({@link VirtualThreads}), a daemon platform
 * thread on JDK 17. Counts the ones still running so that closing can wait for them. Thread-safe.
 */
final class TrackedExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(TrackedExecutor.class);

  private final Executor delegate;
  private final String threadPrefix;
  private final AtomicInteger threadCount = new AtomicInteger();
  private final Object lock = new Object();
  private final Set<Thread> started = ConcurrentHashMap.newKeySet();
  private int running;
  private Runnable whenIdle; // guarded by lock
  private volatile java.util.function.BiConsumer<String, Throwable> onFailure = (role, e) -> {};

  /**
   * @param delegate the user's executor, or null to start a daemon thread per task
   * @param threadPrefix names of the threads started when {@code delegate} is null
   */
  TrackedExecutor(Executor delegate, String threadPrefix) {
    this.delegate = delegate;
    this.threadPrefix = threadPrefix;
  }

  /**
   * Called with the task's role and what it threw when a task ends with an exception or an error
   * (an {@link OutOfMemoryError} in a read loop): the engine ends that connection at once instead
   * of waiting for the stall timeout.
   */
  void onFailure(java.util.function.BiConsumer<String, Throwable> handler) {
    this.onFailure = handler;
  }

  @Override
  public void execute(Runnable task) {
    execute(task, "io-" + threadCount.incrementAndGet());
  }

  /** Runs {@code task}; {@code role} names the thread when Tidings starts one. */
  void execute(Runnable task, String role) {
    synchronized (lock) {
      running++;
    }
    Runnable tracked =
        () -> {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            log.error("A Tidings task failed unexpectedly", e);
            try {
              onFailure.accept(role, e);
            } catch (RuntimeException | Error again) {
              // Nothing more can be done on this thread (out of memory again?).
            }
          } finally {
            taskEnded();
          }
        };
    try {
      if (delegate == null) {
        Thread t = newThread(tracked, threadPrefix + role);
        started.removeIf(s -> !s.isAlive()); // keep only the few that may still run
        started.add(t);
        t.start();
      } else {
        delegate.execute(tracked);
      }
    } catch (RuntimeException e) {
      synchronized (lock) {
        running--;
        lock.notifyAll();
      }
      throw e;
    }
  }

  private void taskEnded() {
    // The last task runs the idle action before it stops counting, so that awaitIdle() returns
    // only after the action is done.
    Runnable idle = null;
    synchronized (lock) {
      if (running == 1) {
        idle = whenIdle;
        whenIdle = null;
      }
    }
    runQuietly(idle);
    synchronized (lock) {
      running--;
      lock.notifyAll();
      if (running == 0) {
        idle = whenIdle; // registered while the action above ran
        whenIdle = null;
      } else {
        idle = null;
      }
    }
    runQuietly(idle);
  }

  private static void runQuietly(Runnable action) {
    if (action != null) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("A Tidings clean-up action failed", e);
      }
    }
  }

  /**
   * Runs {@code action} once no task is running: now, on this thread, if none is; else on the
   * thread of the last task to end, after that task. Once.
   */
  void whenIdle(Runnable action) {
    synchronized (lock) {
      if (running > 0) {
        whenIdle = action;
        return;
      }
    }
    action.run();
  }

  private static Thread newThread(Runnable task, String name) {
    ThreadFactory virtual = VirtualThreads.factory();
    if (virtual != null) {
      Thread t = virtual.newThread(task);
      t.setName(name);
      return t;
    }
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Waits until at most {@code allowed} tasks are running.
   *
   * @return true when they are; false when the timeout passed first
   */
  boolean awaitIdle(int allowed, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (running > allowed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    // The tasks are done; the threads Tidings started end a moment later. Wait for them too, so
    // that "no thread left" holds when close() returns.
    for (Thread t : started) {
      if (t == Thread.currentThread()) {
        continue;
      }
      long left = deadline - System.nanoTime();
      try {
        if (left <= 0 || !joined(t, left)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private boolean joined(Thread t, long nanos) throws InterruptedException {
    t.join(Math.max(1, nanos / 1_000_000));
    if (t.isAlive()) {
      return false;
    }
    started.remove(t);
    return true;
  }
}
