package io.tidings.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link TransportBenchmark} run does. Immutable.
 *
 * <p>Every option can be given as a program argument {@code --name=value} or as a system property
 * {@code tidings.bench.name}; arguments win.
 *
 * @param transports the transports to compare, in order
 * @param messages messages of the burst phase (published as fast as possible) per client
 * @param pacedMessages messages of the paced (latency) phase per client
 * @param rate messages per second of the paced phase
 * @param warmup messages published as a burst to each client before anything is measured
 * @param payloadPadding characters of padding in each message's data
 * @param shortPollInterval the short-poll interval of both clients
 * @param phaseTimeout the longest a phase may take before it is reported incomplete
 * @param outputDir where results.json and results.csv go
 * @param showThreads whether to print each client thread's CPU and allocation at the end
 */
public record BenchmarkOptions(
    List<String> transports,
    int messages,
    int pacedMessages,
    int rate,
    int warmup,
    int payloadPadding,
    Duration shortPollInterval,
    Duration phaseTimeout,
    Path outputDir,
    boolean showThreads) {

  /** The transports compared unless told otherwise. */
  public static final List<String> DEFAULT_TRANSPORTS =
      List.of("sse", "websocket", "longpoll", "shortpoll");

  /** Burst messages per client unless told otherwise. */
  public static final int DEFAULT_MESSAGES = 20_000;

  /** Paced messages per client unless told otherwise. */
  public static final int DEFAULT_PACED_MESSAGES = 1000;

  /** Paced rate (messages per second) unless told otherwise. */
  public static final int DEFAULT_RATE = 500;

  /** Warm-up messages per client unless told otherwise. */
  public static final int DEFAULT_WARMUP = 10_000;

  /** Padding characters per message unless told otherwise. */
  public static final int DEFAULT_PAYLOAD_PADDING = 64;

  /** Short-poll interval unless told otherwise. */
  public static final Duration DEFAULT_SHORT_POLL_INTERVAL = Duration.ofMillis(100);

  /** Phase timeout unless told otherwise. */
  public static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(60);

  private static final String PREFIX = "tidings.bench.";

  /** Checks the values. */
  public BenchmarkOptions {
    transports = List.copyOf(transports);
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("transports must name at least one transport");
    }
    for (String t : transports) {
      if (!DEFAULT_TRANSPORTS.contains(t)) {
        throw new IllegalArgumentException(
            "Unknown transport '" + t + "'; choose from " + DEFAULT_TRANSPORTS);
      }
    }
    positive("messages", messages);
    positive("paced", pacedMessages);
    positive("rate", rate);
    notNegative("warmup", warmup);
    notNegative("payload", payloadPadding);
    if (shortPollInterval.isNegative() || shortPollInterval.isZero()) {
      throw new IllegalArgumentException("shortpoll-interval must be positive");
    }
    if (phaseTimeout.isNegative() || phaseTimeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** The defaults, writing to {@code benchmarks/target} (or {@code target} inside the module). */
  public static BenchmarkOptions defaults() {
    return parse(new String[0], Map.of());
  }

  /**
   * Options from program arguments ({@code --messages=5000}) and system properties ({@code
   * -Dtidings.bench.messages=5000}).
   *
   * @throws IllegalArgumentException naming a bad or unknown option
   */
  public static BenchmarkOptions fromArgs(String[] args) {
    Map<String, String> props = new LinkedHashMap<>();
    System.getProperties()
        .forEach(
            (k, v) -> {
              String key = k.toString();
              if (key.startsWith(PREFIX)) {
                props.put(key.substring(PREFIX.length()), v.toString());
              }
            });
    return parse(args, props);
  }

  private static BenchmarkOptions parse(String[] args, Map<String, String> props) {
    Map<String, String> values = new LinkedHashMap<>(props);
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException(
            "Arguments look like --messages=5000; got '" + arg + "'. " + usage());
      }
      int eq = arg.indexOf('=');
      values.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    List<String> transports = new ArrayList<>(DEFAULT_TRANSPORTS);
    int messages = DEFAULT_MESSAGES;
    int paced = DEFAULT_PACED_MESSAGES;
    int rate = DEFAULT_RATE;
    int warmup = DEFAULT_WARMUP;
    int payload = DEFAULT_PAYLOAD_PADDING;
    Duration interval = DEFAULT_SHORT_POLL_INTERVAL;
    Duration timeout = DEFAULT_PHASE_TIMEOUT;
    Path out = defaultOutputDir();
    boolean threads = false;
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue().trim();
      switch (e.getKey().toLowerCase(Locale.ROOT)) {
        case "transports":
          transports = new ArrayList<>();
          for (String t : v.split(",")) {
            if (!t.isBlank()) {
              transports.add(t.trim().toLowerCase(Locale.ROOT));
            }
          }
          break;
        case "messages":
          messages = integer(e.getKey(), v);
          break;
        case "paced":
          paced = integer(e.getKey(), v);
          break;
        case "rate":
          rate = integer(e.getKey(), v);
          break;
        case "warmup":
          warmup = integer(e.getKey(), v);
          break;
        case "payload":
          payload = integer(e.getKey(), v);
          break;
        case "shortpoll-interval":
          interval = Duration.ofMillis(integer(e.getKey(), v));
          break;
        case "timeout":
          timeout = Duration.ofSeconds(integer(e.getKey(), v));
          break;
        case "threads":
          threads = Boolean.parseBoolean(v);
          break;
        case "out":
          out = Path.of(v);
          break;
        default:
          throw new IllegalArgumentException("Unknown option '" + e.getKey() + "'. " + usage());
      }
    }
    return new BenchmarkOptions(
        transports, messages, paced, rate, warmup, payload, interval, timeout, out, threads);
  }

  /** The options and their defaults, for error messages and {@code --help}. */
  public static String usage() {
    return "Options (--name=value or -Dtidings.bench.name=value): transports="
        + String.join(",", DEFAULT_TRANSPORTS)
        + ", messages="
        + DEFAULT_MESSAGES
        + " (burst), paced="
        + DEFAULT_PACED_MESSAGES
        + ", rate="
        + DEFAULT_RATE
        + " (msg/s), warmup="
        + DEFAULT_WARMUP
        + ", payload="
        + DEFAULT_PAYLOAD_PADDING
        + " (chars), shortpoll-interval="
        + DEFAULT_SHORT_POLL_INTERVAL.toMillis()
        + " (ms), timeout="
        + DEFAULT_PHASE_TIMEOUT.toSeconds()
        + " (s per phase), out=benchmarks/target/benchmark-results, threads=false";
  }

  private static Path defaultOutputDir() {
    Path module = Path.of("benchmarks");
    Path base =
        Files.isDirectory(module.resolve("src")) ? module.resolve("target") : Path.of("target");
    return base.resolve("benchmark-results");
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Option '" + name + "' must be a whole number, was '" + value + "'");
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }

  private static void notNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
