package io.tidings.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * One transport's fan-out run: Tidings' row first, then the raw OkHttp rows. Immutable.
 *
 * @param transport the transport
 * @param messages measured messages per client
 * @param rate their rate (per second)
 * @param roundTrip the median of plain raw GETs of a short-poll answer ({@link RoundTrip})
 * @param rows the rows, Tidings' first
 */
record FanOutResult(
    String transport, int messages, int rate, Duration roundTrip, List<FanOutRow> rows) {

  FanOutResult {
    rows = List.copyOf(rows);
  }

  /** The Tidings row. */
  FanOutRow tidings() {
    return rows.get(0);
  }
}
