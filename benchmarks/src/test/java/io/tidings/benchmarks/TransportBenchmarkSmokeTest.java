package io.tidings.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the harness in {@code --quick} mode: the report (console, JSON, CSV) and the charts are
 * well-formed and every message arrived. Asserts no figure: benchmarks are not tests.
 */
class TransportBenchmarkSmokeTest {

  @Test
  @Timeout(300)
  void quickRunWritesAWellFormedReportAndCharts() throws Exception {
    Path out = Path.of("target", "benchmark-smoke");
    BenchmarkOptions options = BenchmarkOptions.fromArgs(new String[] {"--quick", "--out=" + out});
    assertTrue(options.quick());
    assertEquals(BenchmarkOptions.QUICK_ROUNDS, options.rounds());
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    TransportBenchmark.Results results =
        TransportBenchmark.runAndWrite(options, new PrintStream(log, true, StandardCharsets.UTF_8));

    String printed = log.toString(StandardCharsets.UTF_8);
    int expected =
        BenchmarkOptions.QUICK_ROUNDS
            * (BenchmarkOptions.QUICK_MESSAGES + BenchmarkOptions.QUICK_PACED_MESSAGES);
    int metrics = Comparison.figures().size();
    int csvRows = 0;
    assertEquals(4, results.comparisons().size(), printed);
    for (Comparison c : results.comparisons()) {
      assertEquals(BenchmarkOptions.QUICK_ROUNDS, c.rounds().size(), c.transport());
      for (BenchClient.Kind kind : c.kinds()) {
        assertEquals(expected, c.received(kind), c.transport() + " " + kind + "\n" + printed);
      }
      assertTrue(c.complete(), c.transport() + " had duplicates\n" + printed);
      assertEquals(0, c.tidingsErrors(), c.transport() + " tidings errors\n" + printed);
      assertEquals(metrics, c.metrics().size());
      csvRows += metrics * c.kinds().size();
    }
    assertEquals(
        List.of(BenchClient.Kind.TIDINGS, BenchClient.Kind.RAW, BenchClient.Kind.EVENTSOURCE),
        results.comparisons().get(0).kinds());
    assertTrue(printed.contains("tidings/raw"), printed);
    assertTrue(printed.contains("tidings/eventsrc"), printed);
    assertTrue(printed.contains("load average"), printed);

    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertTrue(json.has("loadAverageBefore"), json.toString());
    assertEquals(4, json.get("comparisons").size());
    JsonNode sse = json.get("comparisons").get(0);
    assertEquals("sse", sse.get("transport").asText());
    assertEquals(BenchmarkOptions.QUICK_ROUNDS, sse.get("rounds").size());
    JsonNode ratio = sse.get("metrics").get(0).get("ratio");
    assertTrue(
        ratio.has("tidings/raw") && ratio.has("tidings/okhttp-eventsource"), ratio.toString());
    assertTrue(ratio.get("tidings/raw").has("min"), ratio.toString());
    assertEquals(1 + csvRows, Files.readAllLines(out.resolve("results.csv")).size());

    for (String chart : List.of(Charts.LATENCY_FILE, Charts.COST_FILE)) {
      Path png = out.resolve(chart);
      byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
      BufferedImage image = ImageIO.read(png.toFile());
      assertTrue(image.getWidth() > 100 && image.getHeight() > 100, chart);
    }
  }

  @Test
  void roundsRotateTheOrderOfTheClients() {
    List<BenchClient.Kind> sse = BenchClient.Kind.forTransport("sse");
    assertEquals(sse, TransportBenchmark.rotated(sse, 0));
    assertEquals(BenchClient.Kind.RAW, TransportBenchmark.rotated(sse, 1).get(0));
    assertEquals(BenchClient.Kind.EVENTSOURCE, TransportBenchmark.rotated(sse, 2).get(0));
    List<BenchClient.Kind> ws = BenchClient.Kind.forTransport("websocket");
    assertEquals(BenchClient.Kind.RAW, TransportBenchmark.rotated(ws, 1).get(0));
    assertEquals(BenchClient.Kind.TIDINGS, TransportBenchmark.rotated(ws, 2).get(0));
  }

  @Test
  void medianAndSpreadOfRatios() {
    Comparison.Spread s = Comparison.Spread.of(new double[] {3, 1, Double.NaN, 2, 10});
    assertEquals(2.5, s.median());
    assertEquals(1, s.min());
    assertEquals(10, s.max());
    assertTrue(Double.isNaN(Comparison.Spread.of(new double[] {Double.NaN}).median()));
  }

  @Test
  void optionsComeFromArgumentsAndNameBadOnes() {
    BenchmarkOptions o =
        BenchmarkOptions.fromArgs(new String[] {"--messages=7", "--transports=sse,longpoll"});
    assertEquals(7, o.messages());
    assertEquals(List.of("sse", "longpoll"), o.transports());
    assertFalse(o.quick());
    assertEquals(BenchmarkOptions.DEFAULT_ROUNDS, o.rounds());
    BenchmarkOptions quick = BenchmarkOptions.fromArgs(new String[] {"--quick", "--rounds=3"});
    assertEquals(3, quick.rounds());
    assertEquals(BenchmarkOptions.QUICK_MESSAGES, quick.messages());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchmarkOptions.fromArgs(new String[] {"--transports=carrier-pigeon"}));
    assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
  }
}
