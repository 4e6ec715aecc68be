package io.tidings.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Does what Tidings does without a configured executor (a new daemon thread per task), and reports
 * each thread's final CPU time and allocation to the {@link ResourceMeter} just before it ends, so
 * that short-lived threads (one per short poll) are fully counted. Thread-safe.
 */
final class ThreadPerTaskExecutor implements Executor {
  private final String prefix;
  private final ResourceMeter meter;
  private final AtomicInteger count = new AtomicInteger();

  ThreadPerTaskExecutor(String prefix, ResourceMeter meter) {
    this.prefix = prefix;
    this.meter = meter;
  }

  @Override
  public void execute(Runnable task) {
    Thread t =
        new Thread(
            () -> {
              try {
                task.run();
              } finally {
                meter.threadEnding();
              }
            },
            prefix + count.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }
}
