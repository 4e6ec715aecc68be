package io.tidings.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny ScaleBenchmark run (rows in this JVM, server in its own process): a well-formed report.
 */
class ScaleBenchmarkSmokeTest {
  @TempDir Path out;

  @Test
  void aTinyRunWritesAWellFormedReport() throws Exception {
    ScaleOptions options =
        ScaleOptions.fromArgs(
            new String[] {
              "--counts=1,2",
              "--shortpoll-interval=200",
              "--timeout=60",
              "--inline=true",
              "--out=" + out
            });
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ScaleReport report =
        ScaleBenchmark.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

    JsonNode json = new ObjectMapper().readTree(out.resolve(ScaleReport.JSON_FILE).toFile());
    assertEquals("ScaleBenchmark", json.get("benchmark").asText());
    assertEquals(4 * 2 * 2, json.get("rows").size(), "transports x counts x clients");
    for (JsonNode row : json.get("rows")) {
      for (String field :
          new String[] {
            "jdk",
            "transport",
            "client",
            "n",
            "openMillis",
            "closeMillis",
            "threadsPerSubscription",
            "heapBytesPerSubscription",
            "rssBytesPerSubscription",
            "fanOutP50Micros",
            "fanOutP99Micros",
            "fanOutMaxMicros",
            "threadsLeft",
            "socketsLeft"
          }) {
        assertTrue(row.has(field), () -> "row without " + field + ": " + row);
      }
    }
    assertEquals(4 * 2, json.get("ratiosTidingsToRaw").size());
    String md = Files.readString(out.resolve(ScaleReport.MARKDOWN_FILE));
    assertTrue(md.contains("| transport | N | platform threads / sub |"), md);
    assertEquals(md, report.markdown());
    byte[] png = Files.readAllBytes(out.resolve(ScaleReport.CHART_FILE));
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "not a PNG file");
  }
}
