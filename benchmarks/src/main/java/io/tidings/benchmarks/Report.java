package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the comparison table and writes {@code results.json}, {@code results.csv} and the charts
 * ({@link Charts}). Stateless.
 */
final class Report {
  private Report() {}

  static void print(TransportBenchmark.Results results, PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%d cores; load average %.2f before, %.2f after, %.2f highest; %.0f s%n",
        Runtime.getRuntime().availableProcessors(),
        results.loadBefore(),
        results.loadAfter(),
        results.loadMax(),
        results.elapsedMillis() / 1000.0);
    out.println(
        "Figures: medians over the rounds. Ratios: median of the per-round ratios [min-max].");
    for (Comparison c : results.comparisons()) {
      out.println();
      StringBuilder delivered = new StringBuilder();
      for (BenchClient.Kind k : c.kinds()) {
        delivered.append(delivered.length() == 0 ? "" : ", ");
        delivered.append(k.label()).append(' ').append(c.received(k)).append('/');
        delivered.append(c.expected());
      }
      out.printf(
          Locale.ROOT,
          "== %s ==  (%d rounds; delivered: %s%s)%n",
          c.transport(),
          c.rounds().size(),
          delivered,
          c.tidingsErrors() > 0 ? ", tidings errors " + c.tidingsErrors() : "");
      StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-30s", "metric"));
      for (BenchClient.Kind k : c.kinds()) {
        header.append(String.format(Locale.ROOT, " %10s", shortLabel(k)));
      }
      for (BenchClient.Kind k : c.kinds()) {
        if (k != BenchClient.Kind.TIDINGS) {
          header.append(String.format(Locale.ROOT, " %22s", "tidings/" + shortLabel(k)));
        }
      }
      out.println(header);
      for (Comparison.Metric m : c.metrics()) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-30s", m.name()));
        for (Comparison.Spread v : m.values().values()) {
          line.append(String.format(Locale.ROOT, " %10s", format(v.median())));
        }
        for (Comparison.Spread r : m.ratios().values()) {
          line.append(String.format(Locale.ROOT, " %22s", ratio(r)));
        }
        out.println(line);
      }
    }
  }

  /** The name of {@code kind} in table columns. */
  static String shortLabel(BenchClient.Kind kind) {
    return kind == BenchClient.Kind.EVENTSOURCE ? "eventsrc" : kind.label();
  }

  /** A ratio as {@code median [min-max]}. */
  static String ratio(Comparison.Spread r) {
    if (Double.isNaN(r.median())) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", r.median(), r.min(), r.max());
  }

  /**
   * Writes results.json, results.csv and the charts to {@code dir}; returns the JSON file.
   *
   * @throws IOException when a file cannot be written
   */
  static Path write(BenchmarkOptions options, TransportBenchmark.Results results, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    root.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    root.put("loadAverageBefore", json(results.loadBefore()));
    root.put("loadAverageAfter", json(results.loadAfter()));
    root.put("loadAverageMax", json(results.loadMax()));
    root.put("elapsedMillis", results.elapsedMillis());
    root.put("options", optionsMap(options));
    List<Object> list = new ArrayList<>();
    for (Comparison c : results.comparisons()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("transport", c.transport());
      m.put("complete", c.complete());
      m.put("clients", c.kinds().stream().map(BenchClient.Kind::label).toList());
      List<Object> metrics = new ArrayList<>();
      for (Comparison.Metric metric : c.metrics()) {
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("metric", metric.name());
        Map<String, Object> values = new LinkedHashMap<>();
        metric.values().forEach((k, v) -> values.put(k.label(), spread(v)));
        mm.put("median", values);
        Map<String, Object> ratios = new LinkedHashMap<>();
        metric.ratios().forEach((k, v) -> ratios.put("tidings/" + k.label(), spread(v)));
        mm.put("ratio", ratios);
        metrics.add(mm);
      }
      m.put("metrics", metrics);
      List<Object> rounds = new ArrayList<>();
      for (Map<BenchClient.Kind, RunResult> round : c.rounds()) {
        Map<String, Object> r = new LinkedHashMap<>();
        round.forEach((k, v) -> r.put(k.label(), run(v)));
        rounds.add(r);
      }
      m.put("rounds", rounds);
      list.add(m);
    }
    root.put("comparisons", list);
    Path json = dir.resolve("results.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);

    StringBuilder csv =
        new StringBuilder("transport,metric,client,median,min,max,ratio,ratio_min,ratio_max\n");
    for (Comparison c : results.comparisons()) {
      for (Comparison.Metric m : c.metrics()) {
        for (Map.Entry<BenchClient.Kind, Comparison.Spread> e : m.values().entrySet()) {
          Comparison.Spread v = e.getValue();
          Comparison.Spread r = m.ratios().get(e.getKey());
          csv.append(c.transport()).append(",\"").append(m.name()).append("\",");
          csv.append(e.getKey().label()).append(',');
          csv.append(csvNumber(v.median())).append(',').append(csvNumber(v.min())).append(',');
          csv.append(csvNumber(v.max())).append(',');
          csv.append(r == null ? "" : csvNumber(r.median())).append(',');
          csv.append(r == null ? "" : csvNumber(r.min())).append(',');
          csv.append(r == null ? "" : csvNumber(r.max())).append('\n');
        }
      }
    }
    Files.writeString(dir.resolve("results.csv"), csv, StandardCharsets.UTF_8);
    Charts.write(results.comparisons(), dir);
    return json;
  }

  private static Map<String, Object> spread(Comparison.Spread s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", json(s.median()));
    m.put("min", json(s.min()));
    m.put("max", json(s.max()));
    return m;
  }

  private static Map<String, Object> optionsMap(BenchmarkOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transports", o.transports());
    m.put("rounds", o.rounds());
    m.put("quick", o.quick());
    m.put("messages", o.messages());
    m.put("paced", o.pacedMessages());
    m.put("rate", o.rate());
    m.put("warmup", o.warmup());
    m.put("payload", o.payloadPadding());
    m.put("shortPollIntervalMillis", o.shortPollInterval().toMillis());
    return m;
  }

  private static Map<String, Object> run(RunResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errors", r.errors());
    m.put("paced", phase(r.paced()));
    m.put("burst", phase(r.burst()));
    return m;
  }

  private static Map<String, Object> phase(PhaseResult p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("expected", p.expected());
    m.put("received", p.received());
    m.put("duplicates", p.duplicates());
    m.put("elapsedMillis", p.elapsedNanos() / 1e6);
    double[] l = p.latencyMicros();
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", json(l[0]));
    latency.put("p90", json(l[1]));
    latency.put("p99", json(l[2]));
    latency.put("max", json(l[3]));
    latency.put("mean", json(l[4]));
    m.put("latencyMicros", latency);
    m.put("throughput", json(p.throughput()));
    m.put("clientCpuNanos", p.usage().clientCpuNanos());
    m.put("clientAllocatedBytes", p.usage().clientAllocatedBytes());
    m.put("processCpuNanos", p.usage().processCpuNanos());
    m.put("gcCount", p.usage().gcCount());
    m.put("gcMillis", p.usage().gcMillis());
    m.put("wireBytes", p.wireBytes());
    m.put("requests", p.requests());
    return m;
  }

  private static Object json(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }

  private static String csvNumber(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
