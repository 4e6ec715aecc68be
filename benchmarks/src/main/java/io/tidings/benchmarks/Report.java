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

/** Prints the comparison table and writes {@code results.json} and {@code results.csv}. */
final class Report {
  private Report() {}

  static void print(List<Comparison> comparisons, PrintStream out) {
    for (Comparison c : comparisons) {
      out.println();
      out.printf(
          Locale.ROOT,
          "== %s ==  (delivered: tidings %d/%d, raw %d/%d%s)%n",
          c.transport(),
          c.tidingsReceived(),
          c.expected(),
          c.rawReceived(),
          c.expected(),
          c.tidings().errors() > 0 ? ", tidings errors " + c.tidings().errors() : "");
      out.printf(Locale.ROOT, "%-30s %12s %12s %12s%n", "metric", "tidings", "raw", "tidings/raw");
      for (Comparison.Metric m : c.metrics()) {
        out.printf(
            Locale.ROOT,
            "%-30s %12s %12s %12s%n",
            m.name(),
            format(m.tidings()),
            format(m.raw()),
            Double.isNaN(m.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", m.ratio()));
      }
    }
  }

  /** Writes results.json and results.csv to {@code dir}; returns the JSON file. */
  static Path write(BenchmarkOptions options, List<Comparison> comparisons, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    root.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    root.put("options", optionsMap(options));
    List<Object> list = new ArrayList<>();
    for (Comparison c : comparisons) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("transport", c.transport());
      m.put("complete", c.complete());
      List<Object> metrics = new ArrayList<>();
      for (Comparison.Metric metric : c.metrics()) {
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("metric", metric.name());
        mm.put("tidings", json(metric.tidings()));
        mm.put("raw", json(metric.raw()));
        mm.put("ratio", json(metric.ratio()));
        metrics.add(mm);
      }
      m.put("metrics", metrics);
      m.put("tidings", run(c.tidings()));
      m.put("raw", run(c.raw()));
      list.add(m);
    }
    root.put("comparisons", list);
    Path json = dir.resolve("results.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);

    StringBuilder csv = new StringBuilder("transport,metric,tidings,raw,ratio\n");
    for (Comparison c : comparisons) {
      for (Comparison.Metric m : c.metrics()) {
        csv.append(c.transport())
            .append(',')
            .append('"')
            .append(m.name())
            .append('"')
            .append(',')
            .append(csvNumber(m.tidings()))
            .append(',')
            .append(csvNumber(m.raw()))
            .append(',')
            .append(csvNumber(m.ratio()))
            .append('\n');
      }
    }
    Files.writeString(dir.resolve("results.csv"), csv, StandardCharsets.UTF_8);
    return json;
  }

  private static Map<String, Object> optionsMap(BenchmarkOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transports", o.transports());
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
    m.put(
        "latencyMicros",
        Map.of(
            "p50",
            json(l[0]),
            "p90",
            json(l[1]),
            "p99",
            json(l[2]),
            "max",
            json(l[3]),
            "mean",
            json(l[4])));
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
