package io.tidings.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * What one phase of one client measured. Immutable.
 *
 * @param phase {@code paced} or {@code burst}
 * @param expected messages published
 * @param received distinct messages delivered within the timeout
 * @param duplicates messages delivered more than once
 * @param elapsedNanos first publish to last delivery
 * @param latencyMicros end-to-end latency percentiles: p50, p90, p99, max, mean
 * @param usage client CPU, allocation, process CPU and GC during the phase
 * @param wireBytes body bytes the server wrote for this transport during the phase
 * @param requests requests the server received for this transport during the phase
 */
record PhaseResult(
    String phase,
    int expected,
    int received,
    long duplicates,
    long elapsedNanos,
    double[] latencyMicros,
    ResourceMeter.Reading usage,
    long wireBytes,
    long requests) {

  static double[] percentiles(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }
    return new double[] {
      h.getValueAtPercentile(50),
      h.getValueAtPercentile(90),
      h.getValueAtPercentile(99),
      h.getMaxValue(),
      h.getMean()
    };
  }

  /** True when every message arrived exactly once. */
  boolean complete() {
    return received == expected && duplicates == 0;
  }

  /** Messages per second, first publish to last delivery. */
  double throughput() {
    return elapsedNanos <= 0 ? Double.NaN : received * 1e9 / elapsedNanos;
  }

  double clientCpuMicrosPerMessage() {
    return perMessage(usage.clientCpuNanos() / 1000.0);
  }

  double processCpuMicrosPerMessage() {
    return perMessage(usage.processCpuNanos() / 1000.0);
  }

  double clientAllocatedBytesPerMessage() {
    return perMessage(usage.clientAllocatedBytes());
  }

  double wireBytesPerMessage() {
    return perMessage(wireBytes);
  }

  double requestsPerMessage() {
    return perMessage(requests);
  }

  /** Messages delivered per request the server received (long polls: the batching). */
  double messagesPerRequest() {
    return requests == 0 ? Double.NaN : received / (double) requests;
  }

  private double perMessage(double total) {
    return received == 0 ? Double.NaN : total / received;
  }
}
