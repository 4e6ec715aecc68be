package io.tidings.internal;

import io.tidings.SubscriptionStats;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * A subscription's counters. Network-side counters are {@link LongAdder}s (cheap to bump from any
 * thread); delivery-side ones are written by the delivery thread only. Thread-safe.
 */
final class StatsRecorder {
  final LongAdder bytes = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder emptyResponses = new LongAdder();
  final LongAdder connections = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder fallbacks = new LongAdder();
  final LongAdder probes = new LongAdder();
  final LongAdder switches = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder errors = new LongAdder();

  // Written by the delivery thread only.
  private volatile long messages;
  private volatile long listenerExceptions;
  private volatile long lagTotalNanos;
  private volatile long lagMaxNanos;

  // Written under the engine's lock.
  private volatile long connectedNanos;
  private volatile long openSinceNanos;

  /** Called by the delivery thread just before the listener sees a message. */
  void delivered(long receivedNanos) {
    long lag = Math.max(0, System.nanoTime() - receivedNanos);
    messages++;
    lagTotalNanos += lag;
    if (lag > lagMaxNanos) {
      lagMaxNanos = lag;
    }
  }

  /** Called by the delivery thread when a listener callback threw; returns the count so far. */
  long listenerThrew() {
    return ++listenerExceptions;
  }

  void opened() {
    openSinceNanos = System.nanoTime();
  }

  void leftOpen() {
    long since = openSinceNanos;
    if (since != 0) {
      connectedNanos += System.nanoTime() - since;
      openSinceNanos = 0;
    }
  }

  SubscriptionStats snapshot(String transport, long duplicates, int queued) {
    long n = messages;
    long since = openSinceNanos;
    long connected = connectedNanos + (since == 0 ? 0 : System.nanoTime() - since);
    return new SubscriptionStats(
        transport,
        n,
        bytes.sum(),
        requests.sum(),
        emptyResponses.sum(),
        connections.sum(),
        reconnects.sum(),
        fallbacks.sum(),
        probes.sum(),
        switches.sum(),
        duplicates,
        gaps.sum(),
        errors.sum(),
        listenerExceptions,
        queued,
        Duration.ofNanos(connected),
        Duration.ofNanos(n == 0 ? 0 : lagTotalNanos / n),
        Duration.ofNanos(lagMaxNanos));
  }
}
