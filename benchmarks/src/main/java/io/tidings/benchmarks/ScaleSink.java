package io.tidings.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link ScaleBenchmark} client (Tidings or raw) hands each message's text to: a few bytes
 * per client, so that it does not weigh on the per-subscription figures. The first message a client
 * gets (the feed's history replayed on connect) marks it listening; the message carrying {@link
 * Progress#marker()} is the fan-out, timed on arrival. Thread-safe.
 */
final class ScaleSink {
  private final Progress progress;
  private volatile boolean listening;
  private volatile long fanOutNanos;

  ScaleSink(Progress progress) {
    this.progress = progress;
  }

  /**
   * Takes one delivered message's text (data, envelope or event: only the marker is looked for).
   */
  void accept(String text) {
    if (!listening) {
      listening = true;
      progress.arrived(progress.listening);
    }
    if (fanOutNanos == 0 && text.contains(progress.marker())) {
      fanOutNanos = System.nanoTime();
      progress.arrived(progress.fannedOut);
    }
  }

  /** When the fan-out message arrived ({@link System#nanoTime()}), or 0. */
  long fanOutNanos() {
    return fanOutNanos;
  }

  /** Counts across all clients of a run, with waiting. Thread-safe. */
  static final class Progress {
    final AtomicInteger listening = new AtomicInteger();
    final AtomicInteger fannedOut = new AtomicInteger();
    private final String marker;

    /**
     * @param marker text only the fan-out message contains
     */
    Progress(String marker) {
      this.marker = marker;
    }

    String marker() {
      return marker;
    }

    private void arrived(AtomicInteger counter) {
      counter.incrementAndGet();
      synchronized (this) {
        notifyAll();
      }
    }

    /** Waits until {@code counter} reaches {@code n}; false when {@code timeoutNanos} passed. */
    boolean await(AtomicInteger counter, int n, long timeoutNanos) throws InterruptedException {
      long deadline = System.nanoTime() + timeoutNanos;
      synchronized (this) {
        while (counter.get() < n) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
      }
      return true;
    }
  }
}
