package io.tidings.testkit.internal;

import io.tidings.testkit.TransportStats;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of one transport. Thread-safe. */
final class Counters {
  final TransportKind kind;
  final AtomicLong requests = new AtomicLong();
  final AtomicLong connections = new AtomicLong();
  final AtomicLong open = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong messages = new AtomicLong();

  Counters(TransportKind kind) {
    this.kind = kind;
  }

  TransportStats snapshot() {
    return new TransportStats(
        kind.transportName(),
        requests.get(),
        connections.get(),
        open.get(),
        bytes.get(),
        messages.get());
  }
}
