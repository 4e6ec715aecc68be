package io.tidings.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    transports = OptionArgs.transports("transports", transports);
    OptionArgs.positive("messages", messages);
    OptionArgs.positive("paced", pacedMessages);
    OptionArgs.positive("rate", rate);
    OptionArgs.notNegative("warmup", warmup);
    OptionArgs.notNegative("payload", payloadPadding);
    OptionArgs.positive("shortpoll-interval", shortPollInterval);
    OptionArgs.positive("timeout", phaseTimeout);
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
    return parse(args, OptionArgs.properties(PREFIX));
  }

  private static BenchmarkOptions parse(String[] args, Map<String, String> props) {
    Map<String, String> values = OptionArgs.merge(props, args, usage());
    List<String> transports = DEFAULT_TRANSPORTS;
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
      String v = e.getValue();
      switch (e.getKey()) {
        case "transports":
          transports = OptionArgs.names(v);
          break;
        case "messages":
          messages = OptionArgs.integer(e.getKey(), v);
          break;
        case "paced":
          paced = OptionArgs.integer(e.getKey(), v);
          break;
        case "rate":
          rate = OptionArgs.integer(e.getKey(), v);
          break;
        case "warmup":
          warmup = OptionArgs.integer(e.getKey(), v);
          break;
        case "payload":
          payload = OptionArgs.integer(e.getKey(), v);
          break;
        case "shortpoll-interval":
          interval = Duration.ofMillis(OptionArgs.integer(e.getKey(), v));
          break;
        case "timeout":
          timeout = Duration.ofSeconds(OptionArgs.integer(e.getKey(), v));
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
}
