package io.tidings.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ScaleBenchmark}'s options, from {@code --name=value} arguments or {@code
 * -Dtidings.scale.name=value}. Immutable.
 *
 * @param transports which transports, in order
 * @param counts how many idle subscriptions per row, in order
 * @param jdks the Java homes to run the workers on (each gives its own rows)
 * @param out where {@code scale.json}, {@code scale.md} and the PNG charts go
 * @param timeout how long opening, or the fan-out, of one row may take
 * @param shortPollInterval the short-poll interval of both clients
 * @param inline run the rows in this JVM instead of a fresh JVM each (for the smoke test)
 * @param heap the worker JVMs' {@code -Xmx}
 */
record ScaleOptions(
    List<String> transports,
    List<Integer> counts,
    List<String> jdks,
    Path out,
    Duration timeout,
    Duration shortPollInterval,
    boolean inline,
    String heap) {
  static final String PREFIX = "tidings.scale.";

  static final String USAGE =
      "Options (--name=value or -Dtidings.scale.name=value):\n"
          + "  --transports=sse,websocket,longpoll,shortpoll\n"
          + "  --counts=1,100,1000,10000      idle subscriptions per row\n"
          + "  --jdks=<java home>[,<java home>...]   default: the running JDK\n"
          + "  --out=benchmarks/target/scale-results\n"
          + "  --timeout=300                   seconds opening (or fanning out to) one row may take\n"
          + "  --shortpoll-interval=10000      ms between idle short polls, both clients\n"
          + "  --heap=4g                       -Xmx of each row's JVM\n"
          + "  --inline=false                  rows in this JVM (smoke test) instead of one JVM each";

  static ScaleOptions fromArgs(String[] args) {
    Map<String, String> v = OptionArgs.merge(OptionArgs.properties(PREFIX), args, USAGE);
    List<String> transports =
        OptionArgs.transports(
            "transports",
            OptionArgs.names(v.getOrDefault("transports", "sse,websocket,longpoll,shortpoll")));
    List<Integer> counts = new ArrayList<>();
    for (String c : OptionArgs.names(v.getOrDefault("counts", "1,100,1000,10000"))) {
      int n = OptionArgs.integer("counts", c.replace("_", ""));
      OptionArgs.positive("counts", n);
      counts.add(n);
    }
    List<String> jdks = new ArrayList<>();
    for (String j : v.getOrDefault("jdks", System.getProperty("java.home")).split(",")) {
      if (!j.isBlank()) {
        jdks.add(j.trim());
      }
    }
    Duration timeout =
        Duration.ofSeconds(OptionArgs.integer("timeout", v.getOrDefault("timeout", "300")));
    OptionArgs.positive("timeout", timeout);
    Duration interval =
        Duration.ofMillis(
            OptionArgs.integer(
                "shortpoll-interval", v.getOrDefault("shortpoll-interval", "10000")));
    OptionArgs.positive("shortpoll-interval", interval);
    for (String known :
        List.of(
            "transports",
            "counts",
            "jdks",
            "out",
            "timeout",
            "shortpoll-interval",
            "heap",
            "inline")) {
      v.remove(known);
    }
    if (!v.isEmpty()) {
      throw new IllegalArgumentException("Unknown option(s) " + v.keySet() + ". " + USAGE);
    }
    Map<String, String> again = OptionArgs.merge(OptionArgs.properties(PREFIX), args, USAGE);
    return new ScaleOptions(
        transports,
        List.copyOf(counts),
        List.copyOf(jdks),
        Path.of(again.getOrDefault("out", "benchmarks/target/scale-results")),
        timeout,
        interval,
        Boolean.parseBoolean(again.getOrDefault("inline", "false")),
        again.getOrDefault("heap", "4g"));
  }
}
