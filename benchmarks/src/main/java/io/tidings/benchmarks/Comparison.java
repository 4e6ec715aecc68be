package io.tidings.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Tidings against its baselines over one transport, in several rounds of the same run. Immutable.
 *
 * <p>Every figure is the median over the rounds; every ratio is the median of the per-round ratios
 * (Tidings / baseline, both measured in the same round), with their min and max.
 *
 * @param transport the transport
 * @param kinds the clients compared, Tidings first
 * @param rounds one map per round: each client's run of that round
 */
record Comparison(
    String transport, List<BenchClient.Kind> kinds, List<Map<BenchClient.Kind, RunResult>> rounds) {

  Comparison {
    kinds = List.copyOf(kinds);
    List<Map<BenchClient.Kind, RunResult>> copy = new ArrayList<>();
    for (Map<BenchClient.Kind, RunResult> r : rounds) {
      copy.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(r)));
    }
    rounds = List.copyOf(copy);
  }

  /**
   * A median over rounds with its spread.
   *
   * @param median the median (of an even count: the mean of the middle two)
   * @param min the smallest
   * @param max the largest
   */
  record Spread(double median, double min, double max) {
    static Spread of(double[] values) {
      double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
      if (v.length == 0) {
        return new Spread(Double.NaN, Double.NaN, Double.NaN);
      }
      int n = v.length;
      double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
      return new Spread(median, v[0], v[n - 1]);
    }
  }

  /**
   * One compared figure.
   *
   * @param name what it is, with its unit
   * @param values each client's median over the rounds (and spread), in {@link #kinds()} order
   * @param ratios per baseline (every kind but Tidings): the per-round Tidings / baseline ratios
   */
  record Metric(
      String name, Map<BenchClient.Kind, Spread> values, Map<BenchClient.Kind, Spread> ratios) {
    /** Tidings' median. */
    double tidings() {
      return values.get(BenchClient.Kind.TIDINGS).median();
    }

    /** The raw OkHttp client's median. */
    double raw() {
      return values.get(BenchClient.Kind.RAW).median();
    }

    /** The median of the per-round Tidings / raw ratios; NaN when unknown. */
    double ratio() {
      return ratios.get(BenchClient.Kind.RAW).median();
    }
  }

  /** The runs of {@code kind}, one per round. */
  List<RunResult> runs(BenchClient.Kind kind) {
    return rounds.stream().map(r -> r.get(kind)).toList();
  }

  /** True when every client delivered every message of every phase exactly once. */
  public boolean complete() {
    return rounds.stream().flatMap(r -> r.values().stream()).allMatch(RunResult::complete);
  }

  /** Errors Tidings reported over all rounds (a healthy run has none). */
  public long tidingsErrors() {
    return runs(BenchClient.Kind.TIDINGS).stream().mapToLong(RunResult::errors).sum();
  }

  /** Messages {@code kind} delivered over all rounds' paced and burst phases. */
  public int received(BenchClient.Kind kind) {
    return runs(kind).stream().mapToInt(r -> r.paced().received() + r.burst().received()).sum();
  }

  /** Messages published to each client over all rounds' paced and burst phases. */
  public int expected() {
    return runs(BenchClient.Kind.TIDINGS).stream()
        .mapToInt(r -> r.paced().expected() + r.burst().expected())
        .sum();
  }

  /** The compared figures, in table order. */
  public List<Metric> metrics() {
    List<Metric> m = new ArrayList<>();
    for (Map.Entry<String, ToDoubleFunction<RunResult>> e : figures().entrySet()) {
      m.add(metric(e.getKey(), e.getValue()));
    }
    return m;
  }

  /** The figure of each metric row, by name. */
  static Map<String, ToDoubleFunction<RunResult>> figures() {
    Map<String, ToDoubleFunction<RunResult>> f = new LinkedHashMap<>();
    String[] p = {"p50", "p90", "p99", "max"};
    for (int i = 0; i < p.length; i++) {
      int k = i;
      f.put("latency " + p[i] + " (us, paced)", r -> r.paced().latencyMicros()[k]);
    }
    f.put("latency p50 (us, burst)", r -> r.burst().latencyMicros()[0]);
    f.put("latency p99 (us, burst)", r -> r.burst().latencyMicros()[2]);
    f.put("throughput (msg/s, burst)", r -> r.burst().throughput());
    f.put("client CPU (us/msg, paced)", r -> r.paced().clientCpuMicrosPerMessage());
    f.put("client CPU (us/msg, burst)", r -> r.burst().clientCpuMicrosPerMessage());
    f.put("process CPU (us/msg, burst)", r -> r.burst().processCpuMicrosPerMessage());
    f.put("client alloc (B/msg, paced)", r -> r.paced().clientAllocatedBytesPerMessage());
    f.put("client alloc (B/msg, burst)", r -> r.burst().clientAllocatedBytesPerMessage());
    f.put("wire bytes (B/msg, paced)", r -> r.paced().wireBytesPerMessage());
    f.put("wire bytes (B/msg, burst)", r -> r.burst().wireBytesPerMessage());
    f.put("messages per request (paced)", r -> r.paced().messagesPerRequest());
    f.put("messages per request (burst)", r -> r.burst().messagesPerRequest());
    return f;
  }

  private Metric metric(String name, ToDoubleFunction<RunResult> f) {
    Map<BenchClient.Kind, Spread> values = new LinkedHashMap<>();
    Map<BenchClient.Kind, Spread> ratios = new LinkedHashMap<>();
    for (BenchClient.Kind kind : kinds) {
      values.put(kind, Spread.of(runs(kind).stream().mapToDouble(f).toArray()));
      if (kind != BenchClient.Kind.TIDINGS) {
        double[] r = new double[rounds.size()];
        for (int i = 0; i < r.length; i++) {
          r[i] =
              ratio(
                  f.applyAsDouble(rounds.get(i).get(BenchClient.Kind.TIDINGS)),
                  f.applyAsDouble(rounds.get(i).get(kind)));
        }
        ratios.put(kind, Spread.of(r));
      }
    }
    return new Metric(name, values, ratios);
  }

  private static double ratio(double tidings, double baseline) {
    return baseline == 0
            || Double.isNaN(baseline)
            || Double.isNaN(tidings)
            || Double.isInfinite(baseline)
            || Double.isInfinite(tidings)
        ? Double.NaN
        : tidings / baseline;
  }
}
