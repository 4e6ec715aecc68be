package io.tidings.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the metrics-overhead benchmark with {@code --quick}: a well-formed report, no figures. */
class MetricsOverheadBenchmarkSmokeTest {
  private static final Pattern SUMMARY =
      Pattern.compile(
          "(?m)^(sse|websocket) +(client cpu ns|allocated bytes) +\\d+ +\\d+ +"
              + "\\d+\\.\\d{3} \\[\\d+\\.\\d{3}-\\d+\\.\\d{3}\\] +\\S+ -> \\S+$");

  @Test
  @Timeout(300)
  void quickRunReportsEveryTransportsRatiosAndCompleteRounds() throws Exception {
    MetricsOverheadOptions options = MetricsOverheadOptions.fromArgs(new String[] {"--quick"});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    List<MetricsOverheadBenchmark.Result> results = MetricsOverheadBenchmark.run(options, log);
    MetricsOverheadBenchmark.print(options, results, log);
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(MetricsOverheadOptions.DEFAULT_TRANSPORTS.size(), results.size(), printed);
    for (MetricsOverheadBenchmark.Result r : results) {
      assertEquals(2 * MetricsOverheadOptions.QUICK_PAIRS, r.rounds().size(), printed);
      assertTrue(r.complete(), r.transport() + " rounds incomplete\n" + printed);
      assertEquals(MetricsOverheadOptions.QUICK_PAIRS, r.ratios(true).length, printed);
      assertEquals(MetricsOverheadOptions.QUICK_PAIRS, r.ratios(false).length, printed);
    }
    assertEquals(
        2 * results.size(), SUMMARY.matcher(printed).results().count(), "summary\n" + printed);
  }

  @Test
  void optionsComeFromArgumentsAndNameBadOnes() {
    MetricsOverheadOptions o =
        MetricsOverheadOptions.fromArgs(new String[] {"--quick", "--transports=sse"});
    assertEquals(List.of("sse"), o.transports());
    assertEquals(MetricsOverheadOptions.QUICK_MESSAGES, o.messages());
    assertEquals(
        MetricsOverheadOptions.DEFAULT_MESSAGES,
        MetricsOverheadOptions.fromArgs(new String[0]).messages());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MetricsOverheadOptions.fromArgs(new String[] {"--pairs=0"}));
    assertTrue(e.getMessage().contains("pairs"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MetricsOverheadOptions.fromArgs(new String[] {"--rounds=3"}));
    assertTrue(e.getMessage().contains("rounds"), e.getMessage());
  }
}
