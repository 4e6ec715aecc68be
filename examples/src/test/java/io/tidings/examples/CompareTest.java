package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.SubscriptionConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS) // above Compare's own step timeouts (3 x 15 s)
class CompareTest {
  @Test
  void everyTransportGetsEveryMessageAndItsCostsAreCounted() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    SubscriptionConfig config = SubscriptionConfig.load(Path.of(Demo.CONFIG_FILE));

    Compare.Result result = Compare.run(config, 40, 100, Duration.ofSeconds(1), out);

    assertTrue(result.ok(), () -> output.toString(StandardCharsets.UTF_8));
    assertEquals(Compare.TRANSPORTS, result.rows().stream().map(Compare.Row::transport).toList());
    for (Compare.Row row : result.rows()) {
      assertEquals(40 + Compare.WARM_UP, row.received(), row.transport());
      assertTrue(row.requests() >= 1, row.transport() + " made no request");
      assertTrue(row.bytes() > 0, row.transport() + " served no bytes");
      // HTTP carries the bodies plus request and status lines, headers and framing; WebSocket
      // frames are compressed (permessage-deflate), so they can take less than their payloads.
      assertTrue(
          row.transport().equals("websocket") ? row.wireBytes() > 0 : row.wireBytes() > row.bytes(),
          row.transport() + ": " + row);
      assertTrue(row.p50Micros() >= 0, row.transport() + " has no latency");
    }
    // A stream is one request for everything; a long poll at least one per answered batch.
    List<Compare.Row> rows = result.rows();
    assertEquals(1, rows.get(2).requests(), "sse");
    assertEquals(1, rows.get(3).requests(), "websocket");
    assertTrue(result.table().startsWith("| transport |"), result.table());
  }

  /** As {@code ./demo compare --chart FILE} runs it: the chart is written and its path printed. */
  @Test
  void theDemoWritesItsLatencyChartAndPrintsWhere(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    Path chart = dir.resolve("charts").resolve("latency.png");

    int status =
        Compare.main(
            new String[] {"--messages", "20", "--rate", "100", "--chart", chart.toString()}, out);

    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, printed);
    assertTrue(printed.contains("Latency chart: " + chart.toAbsolutePath()), printed);
    byte[] png = Files.readAllBytes(chart);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
        Arrays.copyOf(png, 8),
        "a PNG signature");
    BufferedImage image = ImageIO.read(chart.toFile());
    assertNotNull(image, "a readable image");
    assertEquals(CompareChart.WIDTH, image.getWidth());
    assertEquals(CompareChart.HEIGHT, image.getHeight());
  }
}
