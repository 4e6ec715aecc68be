package io.tidings.benchmarks;

import io.tidings.testkit.ReferenceServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Positions clients at the live edge of a {@link ReferenceServer}'s feed (which must run with
 * {@code replayWithoutCursor(false)}): publishes probe messages until every client has seen the
 * latest, so that it receives whatever is published next. Not thread-safe: one coordinator.
 */
final class LiveEdge {
  /** How long each probe is given to reach every client before the next is published. */
  static final Duration PROBE_WAIT = Duration.ofMillis(200);

  private final ReferenceServer server;
  private long probes;

  LiveEdge(ReferenceServer server) {
    this.server = server;
  }

  /**
   * Publishes probes until each of {@code recorders} received the latest, or {@code timeout}
   * passed.
   *
   * @return those of them that received the latest probe, in order
   */
  List<DeliveryRecorder> position(List<DeliveryRecorder> recorders, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long n = ++probes;
      server.publishJson(ReferenceServer.DEFAULT_TYPE, Payloads.probe(n));
      long probeDeadline = Math.min(deadline, System.nanoTime() + PROBE_WAIT.toNanos());
      List<DeliveryRecorder> positioned = new ArrayList<>(recorders.size());
      for (DeliveryRecorder r : recorders) {
        if (r.awaitProbe(n, Duration.ofNanos(probeDeadline - System.nanoTime()))) {
          positioned.add(r);
        }
      }
      if (positioned.size() == recorders.size() || System.nanoTime() - deadline >= 0) {
        return positioned;
      }
    }
  }
}
