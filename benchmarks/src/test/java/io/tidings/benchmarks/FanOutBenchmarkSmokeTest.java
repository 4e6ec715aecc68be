package io.tidings.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the fan-out harness with tiny numbers: it completes and Tidings gets every delivery. */
class FanOutBenchmarkSmokeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  @Timeout(120)
  void longPollRowsDeliverEveryMessageToEverySubscription() throws Exception {
    FanOutOptions options = options(List.of("longpoll"), 20, 10, true);

    Run run = run(options);

    FanOutResult result = run.results.get(0);
    assertEquals(3, result.rows().size(), run.printed);
    assertComplete(result.tidings(), 200, run.printed);
    assertComplete(result.rows().get(1), 200, run.printed);
    for (String row : List.of("tidings ", "raw (unlimited) ", "raw (default dispatcher) ")) {
      assertTrue(run.printed.contains("\n" + row), row + " row\n" + run.printed);
    }
    assertTrue(run.printed.contains("tidings / raw (unlimited)"), run.printed);
  }

  @Test
  @Timeout(120)
  void everyTransportDeliversEveryMessageThroughTidingsAndRaw() throws Exception {
    FanOutOptions options = options(BenchmarkOptions.DEFAULT_TRANSPORTS, 5, 5, false);

    Run run = run(options);

    assertEquals(4, run.results.size(), run.printed);
    for (FanOutResult r : run.results) {
      assertEquals(2, r.rows().size(), r.transport());
      assertComplete(r.tidings(), 25, r.transport() + "\n" + run.printed);
      assertComplete(r.rows().get(1), 25, r.transport() + "\n" + run.printed);
      assertTrue(run.printed.contains("== " + r.transport() + ":"), run.printed);
    }
  }

  @Test
  void optionsComeFromArgumentsAndNameBadOnes() {
    FanOutOptions o = FanOutOptions.fromArgs(new String[] {"--subscriptions=7", "--transport=all"});
    assertEquals(7, o.subscriptions());
    assertEquals(BenchmarkOptions.DEFAULT_TRANSPORTS, o.transports());
    assertEquals(List.of(FanOutOptions.DEFAULT_TRANSPORT), FanOutOptions.defaults().transports());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FanOutOptions.fromArgs(new String[] {"--subscriptions=0"}));
    assertTrue(e.getMessage().contains("subscriptions"), e.getMessage());
  }

  private static FanOutOptions options(
      List<String> transports, int subscriptions, int messages, boolean defaultDispatcher) {
    return new FanOutOptions(
        transports,
        subscriptions,
        messages,
        50,
        5,
        16,
        Duration.ofMillis(50),
        TIMEOUT,
        20,
        defaultDispatcher);
  }

  private static void assertComplete(FanOutRow row, long expected, String printed) {
    assertEquals(expected, row.expected(), row.client());
    assertEquals(expected, row.received(), row.client() + " received\n" + printed);
    assertEquals(0, row.duplicates(), row.client() + " duplicates\n" + printed);
    assertEquals(0, row.errors(), row.client() + " errors\n" + printed);
  }

  private static Run run(FanOutOptions options) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<FanOutResult> results = FanOutBenchmark.run(options, log);
    FanOutReport.print(results, log);
    return new Run(results, bytes.toString(StandardCharsets.UTF_8));
  }

  private static final class Run {
    final List<FanOutResult> results;
    final String printed;

    Run(List<FanOutResult> results, String printed) {
      this.results = results;
      this.printed = printed;
    }
  }
}
