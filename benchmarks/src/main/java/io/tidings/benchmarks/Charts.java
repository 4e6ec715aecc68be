package io.tidings.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The PNG charts of a {@link TransportBenchmark} run (XChart), medians over the rounds: {@value
 * #LATENCY_FILE} (paced latency percentiles per transport, Tidings beside its baselines) and
 * {@value #COST_FILE} (client CPU and allocation per message per transport). Stateless.
 */
final class Charts {
  /** Latency percentiles, one chart per transport. */
  static final String LATENCY_FILE = "latency.png";

  /** CPU and allocation per message. */
  static final String COST_FILE = "cost.png";

  private static final int WIDTH = 520;
  private static final int HEIGHT = 340;

  private Charts() {}

  static void write(List<Comparison> comparisons, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<CategoryChart> latency = new ArrayList<>();
    for (Comparison c : comparisons) {
      latency.add(latency(c));
    }
    int columns = Math.min(2, latency.size());
    BitmapEncoder.saveBitmap(
        latency,
        (latency.size() + columns - 1) / columns,
        columns,
        dir.resolve(LATENCY_FILE).toString(),
        BitmapEncoder.BitmapFormat.PNG);
    List<CategoryChart> cost =
        List.of(
            cost(comparisons, "client CPU per message, paced", "us", r -> cpu(r.paced())),
            cost(comparisons, "client CPU per message, burst", "us", r -> cpu(r.burst())),
            cost(
                comparisons,
                "client allocation per message, paced",
                "bytes",
                r -> alloc(r.paced())),
            cost(
                comparisons,
                "client allocation per message, burst",
                "bytes",
                r -> alloc(r.burst())));
    BitmapEncoder.saveBitmap(
        cost, 2, 2, dir.resolve(COST_FILE).toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static double cpu(PhaseResult p) {
    return p.clientCpuMicrosPerMessage();
  }

  private static double alloc(PhaseResult p) {
    return p.clientAllocatedBytesPerMessage();
  }

  private static CategoryChart latency(Comparison c) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(c.transport() + ": latency, paced (median of " + c.rounds().size() + " rounds)")
            .xAxisTitle("percentile")
            .yAxisTitle("us")
            .build();
    style(chart);
    List<String> percentiles = List.of("p50", "p90", "p99");
    for (BenchClient.Kind kind : c.kinds()) {
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < percentiles.size(); i++) {
        int k = i;
        y.add(
            finite(
                Comparison.Spread.of(
                        c.runs(kind).stream()
                            .mapToDouble(r -> r.paced().latencyMicros()[k])
                            .toArray())
                    .median()));
      }
      chart.addSeries(kind.label(), percentiles, y);
    }
    return chart;
  }

  private static CategoryChart cost(
      List<Comparison> comparisons, String title, String unit, ToDoubleFunction<RunResult> f) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("transport")
            .yAxisTitle(unit)
            .build();
    style(chart);
    List<String> transports = comparisons.stream().map(Comparison::transport).toList();
    for (BenchClient.Kind kind : BenchClient.Kind.values()) {
      if (comparisons.stream().noneMatch(c -> c.kinds().contains(kind))) {
        continue;
      }
      List<Double> y = new ArrayList<>();
      for (Comparison c : comparisons) {
        y.add(
            c.kinds().contains(kind)
                ? finite(
                    Comparison.Spread.of(c.runs(kind).stream().mapToDouble(f).toArray()).median())
                : 0.0);
      }
      chart.addSeries(kind.label(), transports, y);
    }
    return chart;
  }

  private static void style(CategoryChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
  }

  private static double finite(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? 0 : v;
  }
}
