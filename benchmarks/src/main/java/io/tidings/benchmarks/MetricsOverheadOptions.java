package io.tidings.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Options of {@link MetricsOverheadBenchmark}. Immutable.
 *
 * @param transports the transports measured, in order
 * @param messages messages per round (one burst)
 * @param pairs A/B round pairs per transport
 * @param warmup messages of the unmeasured warm-up round of each variant
 * @param payloadPadding padding characters per message
 * @param timeout how long one round's delivery may take
 */
record MetricsOverheadOptions(
    List<String> transports,
    int messages,
    int pairs,
    int warmup,
    int payloadPadding,
    Duration timeout) {
  static final String PREFIX = "tidings.metricsbench.";
  static final List<String> DEFAULT_TRANSPORTS = List.of("sse", "websocket");
  static final int DEFAULT_MESSAGES = 20_000;
  static final int DEFAULT_PAIRS = 5;
  static final int DEFAULT_WARMUP = 20_000;
  static final int QUICK_MESSAGES = 300;
  static final int QUICK_PAIRS = 2;
  static final int QUICK_WARMUP = 100;
  static final int DEFAULT_PADDING = 100;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  static final String USAGE =
      "Options (--name=value or -Dtidings.metricsbench.name=value):\n"
          + "  --quick                 "
          + QUICK_MESSAGES
          + " messages, "
          + QUICK_PAIRS
          + " pairs, warm-up "
          + QUICK_WARMUP
          + " (a smoke run)\n"
          + "  --transports=sse,websocket\n"
          + "  --messages="
          + DEFAULT_MESSAGES
          + "        messages per round, published in one burst\n"
          + "  --pairs="
          + DEFAULT_PAIRS
          + "               A/B round pairs per transport (A plain, B with TidingsMetrics)\n"
          + "  --warmup="
          + DEFAULT_WARMUP
          + "          messages of each variant's unmeasured warm-up round\n"
          + "  --padding="
          + DEFAULT_PADDING
          + "           padding characters per message\n"
          + "  --timeout="
          + DEFAULT_TIMEOUT.toSeconds()
          + "           seconds one round's delivery may take";

  /**
   * Reads {@code args} ({@code --quick} and {@code --name=value}) over system properties.
   *
   * @throws IllegalArgumentException naming a bad or unknown option
   */
  static MetricsOverheadOptions fromArgs(String[] args) {
    List<String> rest = new ArrayList<>();
    boolean quick = false;
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else {
        rest.add(a);
      }
    }
    Map<String, String> v =
        OptionArgs.merge(OptionArgs.properties(PREFIX), rest.toArray(String[]::new), USAGE);
    quick |= Boolean.parseBoolean(v.remove("quick"));
    List<String> transports =
        OptionArgs.transports(
            "transports",
            OptionArgs.names(v.getOrDefault("transports", String.join(",", DEFAULT_TRANSPORTS))));
    v.remove("transports");
    int messages = number(v, "messages", quick ? QUICK_MESSAGES : DEFAULT_MESSAGES);
    OptionArgs.positive("messages", messages);
    int pairs = number(v, "pairs", quick ? QUICK_PAIRS : DEFAULT_PAIRS);
    OptionArgs.positive("pairs", pairs);
    int warmup = number(v, "warmup", quick ? QUICK_WARMUP : DEFAULT_WARMUP);
    OptionArgs.notNegative("warmup", warmup);
    int padding = number(v, "padding", DEFAULT_PADDING);
    OptionArgs.notNegative("padding", padding);
    Duration timeout = Duration.ofSeconds(number(v, "timeout", (int) DEFAULT_TIMEOUT.toSeconds()));
    OptionArgs.positive("timeout", timeout);
    if (!v.isEmpty()) {
      throw new IllegalArgumentException("Unknown option(s) " + v.keySet() + ". " + USAGE);
    }
    return new MetricsOverheadOptions(transports, messages, pairs, warmup, padding, timeout);
  }

  private static int number(Map<String, String> v, String name, int fallback) {
    String s = v.remove(name);
    return s == null ? fallback : OptionArgs.integer(name, s.replace("_", ""));
  }
}
