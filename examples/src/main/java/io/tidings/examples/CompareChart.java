package io.tidings.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The latency chart of {@code ./demo compare} (XChart): delivery latency p50 and p99 per transport,
 * in milliseconds, as a PNG. A transport without latency figures is drawn at 0. Stateless.
 */
final class CompareChart {
  /** Where {@code ./demo compare} writes the chart unless {@code --chart} says otherwise. */
  static final String DEFAULT_FILE = "compare-latency.png";

  static final int WIDTH = 800;
  static final int HEIGHT = 500;

  private CompareChart() {}

  /**
   * The default chart file: {@value #DEFAULT_FILE} in {@code examples/target} when run from the
   * repository (as {@code ./demo} does), else in the working directory.
   */
  static Path defaultFile() {
    Path target = Path.of("examples", "target");
    return Files.isDirectory(target) ? target.resolve(DEFAULT_FILE) : Path.of(DEFAULT_FILE);
  }

  /**
   * Writes the chart of {@code rows} to {@code file} (its directories are created).
   *
   * @return the file written, as an absolute path
   * @throws IOException when it cannot be written
   */
  static Path write(List<Compare.Row> rows, String title, Path file) throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("transport")
            .yAxisTitle("ms")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    List<String> transports = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (Compare.Row r : rows) {
      transports.add(r.transport());
      p50.add(millis(r.p50Micros()));
      p99.add(millis(r.p99Micros()));
    }
    chart.addSeries("p50", transports, p50);
    chart.addSeries("p99", transports, p99);
    Path out = file.toAbsolutePath();
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    // XChart adds ".png" unless the name already ends with it.
    return out.toString().endsWith(".png") ? out : Path.of(out + ".png");
  }

  private static double millis(long micros) {
    return micros < 0 ? 0 : micros / 1000.0;
  }
}
