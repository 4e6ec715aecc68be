package io.tidings.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the whole harness with tiny numbers: it completes and every message arrives. */
class TransportBenchmarkSmokeTest {

  @Test
  @Timeout(120)
  void everyTransportDeliversEveryMessageToTidingsAndRaw() throws Exception {
    Path out = Path.of("target", "benchmark-smoke");
    BenchmarkOptions options =
        new BenchmarkOptions(
            BenchmarkOptions.DEFAULT_TRANSPORTS,
            50,
            20,
            200,
            20,
            16,
            Duration.ofMillis(50),
            Duration.ofSeconds(30),
            out,
            false);
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    List<Comparison> results =
        TransportBenchmark.runAndWrite(options, new PrintStream(log, true, StandardCharsets.UTF_8));

    String printed = log.toString(StandardCharsets.UTF_8);
    assertEquals(4, results.size(), printed);
    for (Comparison c : results) {
      assertEquals(70, c.expected(), c.transport());
      assertEquals(70, c.tidingsReceived(), c.transport() + " tidings\n" + printed);
      assertEquals(70, c.rawReceived(), c.transport() + " raw\n" + printed);
      assertTrue(c.complete(), c.transport() + " had duplicates\n" + printed);
      assertEquals(0, c.tidings().errors(), c.transport() + " tidings errors\n" + printed);
      assertEquals(16, c.metrics().size());
    }
    assertTrue(printed.contains("tidings/raw"), printed);
    assertTrue(Files.readString(out.resolve("results.json")).contains("\"websocket\""));
    assertEquals(1 + 4 * 16, Files.readAllLines(out.resolve("results.csv")).size());
  }

  @Test
  void optionsComeFromArgumentsAndNameBadOnes() {
    BenchmarkOptions o =
        BenchmarkOptions.fromArgs(new String[] {"--messages=7", "--transports=sse,longpoll"});
    assertEquals(7, o.messages());
    assertEquals(List.of("sse", "longpoll"), o.transports());
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> BenchmarkOptions.fromArgs(new String[] {"--transports=carrier-pigeon"}));
    assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
  }
}
