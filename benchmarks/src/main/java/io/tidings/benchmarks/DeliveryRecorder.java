package io.tidings.benchmarks;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Where a client (Tidings or raw) hands every message's data: it counts the messages of the current
 * phase, records their end-to-end latency (publish stamp in the data to this call), and tells the
 * coordinator when all arrived or which probe was seen last. Both kinds of client pay exactly the
 * same here. Thread-safe (one lock, uncontended: a client delivers from one thread at a time).
 */
final class DeliveryRecorder {
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

  private int phase = -1;
  private int expected;
  private BitSet seen = new BitSet();
  private int received;
  private long duplicates;
  private long foreign;
  private long lastDeliveryNanos;
  private long lastProbe = -1;
  private Histogram latency = new Histogram(HIGHEST_MICROS, 3);

  /** Takes one delivered message's data. */
  void accept(String data) {
    long now = System.nanoTime();
    long probe = Payloads.probeNumber(data);
    synchronized (this) {
      if (probe >= 0) {
        lastProbe = Math.max(lastProbe, probe);
        notifyAll();
        return;
      }
      long ph = Payloads.field(data, "ph");
      if (ph != phase) {
        foreign++; // a late message of an earlier phase
        return;
      }
      int i = (int) Payloads.field(data, "i");
      if (seen.get(i)) {
        duplicates++;
        return;
      }
      seen.set(i);
      received++;
      lastDeliveryNanos = now;
      long micros = Math.max(0, (now - Payloads.field(data, "t")) / 1000);
      latency.recordValue(Math.min(micros, HIGHEST_MICROS));
      if (received == expected) {
        notifyAll();
      }
    }
  }

  /** Starts counting phase {@code id}, expecting {@code count} messages. */
  synchronized void startPhase(int id, int count) {
    phase = id;
    expected = count;
    seen = new BitSet(count);
    received = 0;
    duplicates = 0;
    lastDeliveryNanos = 0;
    latency = new Histogram(HIGHEST_MICROS, 3);
  }

  /** Waits until every message of the phase arrived; false when {@code timeout} passed first. */
  synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received < expected) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Waits until probe {@code n} (or a later one) arrived; false when {@code timeout} passed. */
  synchronized boolean awaitProbe(long n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lastProbe < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  synchronized int received() {
    return received;
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized long lastDeliveryNanos() {
    return lastDeliveryNanos;
  }

  /** A copy of the phase's latency histogram, in microseconds. */
  synchronized Histogram latency() {
    return latency.copy();
  }
}
