package io.tidings.benchmarks;

/**
 * What one row of a {@link FanOutBenchmark} measured: {@code subscriptions} concurrent clients of
 * one kind, each sent the same measured messages. Immutable.
 *
 * @param client the row's label
 * @param subscriptions clients opened
 * @param listening clients at the live edge (they had received the latest probe) before the
 *     measured messages
 * @param listenNanos from opening the first client until all were listening (or positioning timed
 *     out)
 * @param expected deliveries expected: subscriptions × messages
 * @param received distinct deliveries that arrived before the timeout
 * @param duplicates deliveries that arrived more than once
 * @param errors errors the clients reported (Tidings' {@code onError}; 0 for raw clients)
 * @param latencyMicros per-delivery latency p50, p90, p99, max, mean ({@link
 *     PhaseResult#percentiles})
 * @param connections TCP connections the server accepted while the measured messages were sent
 */
record FanOutRow(
    String client,
    int subscriptions,
    int listening,
    long listenNanos,
    long expected,
    long received,
    long duplicates,
    long errors,
    double[] latencyMicros,
    long connections) {

  /** Deliveries that did not arrive before the timeout. */
  long missing() {
    return expected - received;
  }

  /** True when every delivery arrived exactly once. */
  boolean complete() {
    return received == expected && duplicates == 0;
  }
}
