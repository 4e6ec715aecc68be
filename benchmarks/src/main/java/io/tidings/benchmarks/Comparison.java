package io.tidings.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Tidings against raw OkHttp over one transport. Immutable.
 *
 * @param transport the transport
 * @param tidings the Tidings run
 * @param raw the raw OkHttp run
 */
record Comparison(String transport, RunResult tidings, RunResult raw) {

  /**
   * One compared figure.
   *
   * @param name what it is, with its unit
   * @param tidings Tidings' value
   * @param raw raw OkHttp's value
   */
  record Metric(String name, double tidings, double raw) {
    /** Tidings / raw; NaN when raw is zero or unknown. */
    public double ratio() {
      return raw == 0 || Double.isNaN(raw) || Double.isNaN(tidings) ? Double.NaN : tidings / raw;
    }
  }

  /** True when both clients delivered every message of both phases exactly once. */
  public boolean complete() {
    return tidings.complete() && raw.complete();
  }

  /** Messages Tidings delivered in the paced and burst phases. */
  public int tidingsReceived() {
    return tidings.paced().received() + tidings.burst().received();
  }

  /** Messages the raw client delivered in the paced and burst phases. */
  public int rawReceived() {
    return raw.paced().received() + raw.burst().received();
  }

  /** Messages published to each client in the paced and burst phases. */
  public int expected() {
    return tidings.paced().expected() + tidings.burst().expected();
  }

  /** The compared figures, in table order. */
  public List<Metric> metrics() {
    List<Metric> m = new ArrayList<>();
    String[] p = {"p50", "p90", "p99", "max"};
    for (int i = 0; i < p.length; i++) {
      int k = i;
      m.add(metric("latency " + p[i] + " (us, paced)", r -> r.paced().latencyMicros()[k]));
    }
    m.add(metric("latency p50 (us, burst)", r -> r.burst().latencyMicros()[0]));
    m.add(metric("latency p99 (us, burst)", r -> r.burst().latencyMicros()[2]));
    m.add(metric("throughput (msg/s, burst)", r -> r.burst().throughput()));
    m.add(metric("client CPU (us/msg, paced)", r -> r.paced().clientCpuMicrosPerMessage()));
    m.add(metric("client CPU (us/msg, burst)", r -> r.burst().clientCpuMicrosPerMessage()));
    m.add(metric("process CPU (us/msg, burst)", r -> r.burst().processCpuMicrosPerMessage()));
    m.add(metric("client alloc (B/msg, paced)", r -> r.paced().clientAllocatedBytesPerMessage()));
    m.add(metric("client alloc (B/msg, burst)", r -> r.burst().clientAllocatedBytesPerMessage()));
    m.add(metric("wire bytes (B/msg, paced)", r -> r.paced().wireBytesPerMessage()));
    m.add(metric("wire bytes (B/msg, burst)", r -> r.burst().wireBytesPerMessage()));
    m.add(metric("requests (/msg, paced)", r -> r.paced().requestsPerMessage()));
    m.add(metric("requests (/msg, burst)", r -> r.burst().requestsPerMessage()));
    return m;
  }

  private Metric metric(String name, ToDoubleFunction<RunResult> f) {
    return new Metric(name, f.applyAsDouble(tidings), f.applyAsDouble(raw));
  }
}
