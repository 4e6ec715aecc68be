package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@link ScaleBenchmark}'s results: {@code scale.json} (every row, plus Tidings/raw ratios), {@code
 * scale.md} (one table per JDK, Tidings and raw side by side) and {@code scale.png} (heap and RSS
 * per subscription against N, one pair of charts per transport). Immutable.
 */
final class ScaleReport {
  static final String JSON_FILE = "scale.json";
  static final String MARKDOWN_FILE = "scale.md";
  static final String CHART_FILE = "scale.png";

  private final List<ScaleRow> rows;
  private final double loadBefore;
  private final double loadAfter;
  private final int cores;
  private final long elapsedMillis;
  private final String generatedAt = Instant.now().toString();

  ScaleReport(
      List<ScaleRow> rows, double loadBefore, double loadAfter, int cores, long elapsedMillis) {
    this.rows = List.copyOf(rows);
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
    this.cores = cores;
    this.elapsedMillis = elapsedMillis;
  }

  List<ScaleRow> rows() {
    return rows;
  }

  /** True when every Tidings row listened and fanned out completely. */
  boolean tidingsComplete() {
    return rows.stream().filter(r -> r.client().equals("tidings")).allMatch(ScaleRow::complete);
  }

  /** Writes the three files into {@code dir}. */
  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "ScaleBenchmark");
    doc.put("generatedAt", generatedAt);
    doc.put("cores", cores);
    doc.put("loadAverageBefore", loadBefore);
    doc.put("loadAverageAfter", loadAfter);
    doc.put("elapsedMillis", elapsedMillis);
    doc.put("rows", rows);
    List<Map<String, Object>> ratios = new ArrayList<>();
    for (ScaleRow t : rows) {
      if (t.client().equals("tidings")) {
        raw(t)
            .ifPresent(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("jdk", t.jdk());
                  m.put("transport", t.transport());
                  m.put("n", t.n());
                  m.put("threads", ratio(t.threadsPerSubscription(), r.threadsPerSubscription()));
                  m.put("heap", ratio(t.heapBytesPerSubscription(), r.heapBytesPerSubscription()));
                  m.put(
                      "heapExtraBytesPerSubscription",
                      t.heapBytesPerSubscription() - r.heapBytesPerSubscription());
                  m.put("rss", ratio(t.rssBytesPerSubscription(), r.rssBytesPerSubscription()));
                  m.put("open", ratio(t.openMillis(), r.openMillis()));
                  m.put("close", ratio(t.closeMillis(), r.closeMillis()));
                  m.put("fanOutP50", ratio(t.fanOutP50Micros(), r.fanOutP50Micros()));
                  m.put("fanOutP99", ratio(t.fanOutP99Micros(), r.fanOutP99Micros()));
                  m.put("fanOutMax", ratio(t.fanOutMaxMicros(), r.fanOutMaxMicros()));
                  ratios.add(m);
                });
      }
    }
    doc.put("ratiosTidingsToRaw", ratios);
    json.writeValue(dir.resolve(JSON_FILE).toFile(), doc);
    Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(), StandardCharsets.UTF_8);
    chart(dir.resolve(CHART_FILE));
  }

  private Optional<ScaleRow> raw(ScaleRow t) {
    return rows.stream()
        .filter(
            r ->
                r.client().equals("raw")
                    && r.jdk() == t.jdk()
                    && r.transport().equals(t.transport())
                    && r.n() == t.n())
        .findFirst();
  }

  private static Double ratio(double a, double b) {
    return b > 0 && a >= 0 ? a / b : null;
  }

  /** The tables. */
  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "ScaleBenchmark, %s: %d cores, load average %.2f before and %.2f after, %.0f s in"
                + " all. Each row in a fresh JVM; reference server in its own process. Cells:"
                + " Tidings / raw OkHttp (ratio, or for heap the difference).%n%n",
            generatedAt,
            cores,
            loadBefore,
            loadAfter,
            elapsedMillis / 1e3));
    for (int jdk : new TreeSet<>(rows.stream().map(ScaleRow::jdk).toList())) {
      md.append("**JDK ").append(jdk).append("**\n\n");
      md.append(
          "| transport | N | platform threads / sub | heap KB / sub | RSS KB / sub | open all (s)"
              + " | close all (s) | fan-out p50 (ms) | fan-out p99 (ms) | fan-out max (ms) |"
              + " left after close (threads, sockets) |\n");
      md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
      for (ScaleRow t : rows) {
        if (t.jdk() != jdk || !t.client().equals("tidings")) {
          continue;
        }
        ScaleRow r = raw(t).orElse(null);
        md.append("| ")
            .append(t.transport())
            .append(" | ")
            .append(String.format(Locale.ROOT, "%,d", t.n()))
            .append(" | ")
            .append(cell(t, r, ScaleRow::threadsPerSubscription, 1, "%.2f", false))
            .append(" | ")
            .append(cell(t, r, ScaleRow::heapBytesPerSubscription, 1024, "%.1f", true))
            .append(" | ")
            .append(cell(t, r, ScaleRow::rssBytesPerSubscription, 1024, "%.0f", false))
            .append(" | ")
            .append(cell(t, r, ScaleRow::openMillis, 1000, "%.2f", false))
            .append(" | ")
            .append(cell(t, r, ScaleRow::closeMillis, 1000, "%.2f", false))
            .append(" | ")
            .append(cell(t, r, ScaleRow::fanOutP50Micros, 1000, "%.1f", false))
            .append(" | ")
            .append(cell(t, r, ScaleRow::fanOutP99Micros, 1000, "%.1f", false))
            .append(" | ")
            .append(cell(t, r, ScaleRow::fanOutMaxMicros, 1000, "%.1f", false))
            .append(" | ")
            .append(t.threadsLeft())
            .append(", ")
            .append(t.socketsLeft())
            .append(r == null ? "" : " / " + r.threadsLeft() + ", " + r.socketsLeft())
            .append(incomplete(t))
            .append(r == null ? "" : incomplete(r))
            .append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String incomplete(ScaleRow r) {
    return r.complete()
        ? ""
        : String.format(
            Locale.ROOT,
            " (%s: %d/%d listening, %d fanned out)",
            r.client(),
            r.listening(),
            r.n(),
            r.fannedOut());
  }

  private static String cell(
      ScaleRow t,
      ScaleRow r,
      ToDoubleFunction<ScaleRow> f,
      double unit,
      String format,
      boolean difference) {
    double a = f.applyAsDouble(t) / unit;
    String s = String.format(Locale.ROOT, format, a);
    if (r == null) {
      return s;
    }
    double b = f.applyAsDouble(r) / unit;
    s += " / " + String.format(Locale.ROOT, format, b);
    if (difference) {
      return s + String.format(Locale.ROOT, " (%+.1f)", a - b);
    }
    return b > 0 && a >= 0 ? s + String.format(Locale.ROOT, " (%.2f×)", a / b) : s;
  }

  private void chart(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<XYChart> charts = new ArrayList<>();
    List<String> transports = rows.stream().map(ScaleRow::transport).distinct().toList();
    for (String transport : transports) {
      charts.add(chart(transport, "heap KB per subscription", ScaleRow::heapBytesPerSubscription));
      charts.add(chart(transport, "RSS KB per subscription", ScaleRow::rssBytesPerSubscription));
    }
    BitmapEncoder.saveBitmap(
        charts, transports.size(), 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private XYChart chart(String transport, String what, ToDoubleFunction<ScaleRow> bytes) {
    XYChart c =
        new XYChartBuilder()
            .width(560)
            .height(320)
            .title(transport + ": " + what)
            .xAxisTitle("idle subscriptions (N)")
            .yAxisTitle("KB")
            .build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    for (int jdk : new TreeSet<>(rows.stream().map(ScaleRow::jdk).toList())) {
      for (String client : List.of("tidings", "raw")) {
        List<ScaleRow> series =
            rows.stream()
                .filter(
                    r ->
                        r.jdk() == jdk
                            && r.client().equals(client)
                            && r.transport().equals(transport))
                .toList();
        if (series.isEmpty()) {
          continue;
        }
        double[] x = series.stream().mapToDouble(ScaleRow::n).toArray();
        double[] y = series.stream().mapToDouble(r -> bytes.applyAsDouble(r) / 1024).toArray();
        c.addSeries(client + " JDK " + jdk, x, y).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    return c;
  }
}
