package io.tidings.benchmarks;

import io.tidings.testkit.ReferenceServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Publishes measured messages ({@link Payloads#measured}) to a reference server. Stateless. */
final class Publishing {
  private Publishing() {}

  /** Publishes messages {@code 0..count-1} of {@code phase} back to back. */
  static void burst(ReferenceServer server, int phase, int count, String padding) {
    for (int i = 0; i < count; i++) {
      server.publishJson(ReferenceServer.DEFAULT_TYPE, Payloads.measured(phase, i, padding));
    }
  }

  /**
   * Publishes messages {@code 0..count-1} of {@code phase} at {@code rate} per second: message
   * {@code i} is due {@code i / rate} seconds after the first (a late one does not delay the rest).
   */
  static void paced(ReferenceServer server, int phase, int count, int rate, String padding) {
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * period;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      server.publishJson(ReferenceServer.DEFAULT_TYPE, Payloads.measured(phase, i, padding));
    }
  }
}
