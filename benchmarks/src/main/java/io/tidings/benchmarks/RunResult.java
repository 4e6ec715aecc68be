package io.tidings.benchmarks;

/**
 * One client's measured run over one transport. Immutable.
 *
 * @param transport the transport
 * @param client {@code tidings} or {@code raw}
 * @param paced the paced (latency) phase
 * @param burst the burst (throughput) phase
 * @param errors errors the client reported (Tidings' onError; 0 for raw clients)
 */
record RunResult(
    String transport, String client, PhaseResult paced, PhaseResult burst, long errors) {

  /** True when both phases delivered every message exactly once. */
  boolean complete() {
    return paced.complete() && burst.complete();
  }
}
