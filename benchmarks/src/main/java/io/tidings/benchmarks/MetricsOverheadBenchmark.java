package io.tidings.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.micrometer.TidingsMetrics;
import io.tidings.testkit.ReferenceServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code tidings-micrometer} costs on the hot path: for each transport, rounds alternating A
 * (plain {@link Tidings#subscribe}) and B ({@link TidingsMetrics#subscribe} with a {@link
 * SimpleMeterRegistry}), A/B/A/B…, each a fresh subscription positioned at the live edge of one
 * in-process {@link ReferenceServer} and then sent a burst of {@code messages} messages. Per round:
 * the client threads' CPU time and allocation per message ({@link ResourceMeter}: Tidings' and
 * OkHttp's threads, not the server's or the publisher's). Reported: each variant's median and the
 * median of the per-pair ratios B/A with their min–max spread, and the load average. First, per
 * transport, one unmeasured warm-up round of each variant.
 *
 * <p>Run it with {@code java -cp benchmarks/target/tidings-benchmarks.jar
 * io.tidings.benchmarks.MetricsOverheadBenchmark [--quick] [--name=value …]}; see {@link
 * MetricsOverheadOptions#USAGE}. Exits with status 1 when a round missed a delivery.
 */
public final class MetricsOverheadBenchmark {
  /** A round's client. */
  enum Variant {
    PLAIN("plain"),
    METRICS("metrics");

    private final String label;

    Variant(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  /**
   * One measured round.
   *
   * @param lagSamples delivery-lag timer samples recorded (B), or -1 (A)
   */
  record Round(
      int pair,
      Variant variant,
      int expected,
      int received,
      double cpuNanosPerMessage,
      double allocatedBytesPerMessage,
      long lagSamples) {
    boolean complete() {
      return received == expected && (variant == Variant.PLAIN || lagSamples >= expected);
    }
  }

  /**
   * One transport's rounds.
   *
   * @param loadBefore 1-minute load average before its first round (NaN where unknown)
   * @param loadAfter the same after its last round
   */
  record Result(String transport, List<Round> rounds, double loadBefore, double loadAfter) {
    Result {
      rounds = List.copyOf(rounds);
    }

    boolean complete() {
      return rounds.stream().allMatch(Round::complete);
    }

    /** Per-pair ratios B/A of {@code metric}, in pair order. */
    double[] ratios(boolean cpu) {
      List<Double> out = new ArrayList<>();
      for (Round a : rounds) {
        if (a.variant() == Variant.PLAIN) {
          for (Round b : rounds) {
            if (b.variant() == Variant.METRICS && b.pair() == a.pair()) {
              out.add(value(b, cpu) / value(a, cpu));
            }
          }
        }
      }
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    double median(Variant variant, boolean cpu) {
      return MetricsOverheadBenchmark.median(
          rounds.stream()
              .filter(r -> r.variant() == variant)
              .mapToDouble(r -> value(r, cpu))
              .toArray());
    }

    private static double value(Round r, boolean cpu) {
      return cpu ? r.cpuNanosPerMessage() : r.allocatedBytesPerMessage();
    }
  }

  private final MetricsOverheadOptions options;
  private final PrintStream out;
  private final ReferenceServer server;
  private final LiveEdge liveEdge;
  private final ResourceMeter meter;
  private final String padding;
  private int phaseIds;
  private int subscriptionIds;

  private MetricsOverheadBenchmark(
      MetricsOverheadOptions options, PrintStream out, ReferenceServer server, ResourceMeter m) {
    this.options = options;
    this.out = out;
    this.server = server;
    this.liveEdge = new LiveEdge(server);
    this.meter = m;
    this.padding = Payloads.padding(options.payloadPadding());
  }

  /**
   * Runs the benchmark from the command line.
   *
   * @param args {@code --quick} and options such as {@code --messages=20000}; {@code --help} prints
   *     them
   */
  public static void main(String[] args) throws Exception {
    if (OptionArgs.isHelp(args)) {
      System.out.println(MetricsOverheadOptions.USAGE);
      return;
    }
    MetricsOverheadOptions options;
    try {
      options = MetricsOverheadOptions.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<Result> results = run(options, System.out);
    print(options, results, System.out);
    boolean complete = results.stream().allMatch(Result::complete);
    if (!complete) {
      System.err.println(
          "A round missed deliveries or delivery-lag samples: see the rounds above.");
    }
    System.exit(complete ? 0 : 1);
  }

  /**
   * Runs every transport's rounds on one server, then stops it.
   *
   * @param out where each round's line goes
   * @return one result per transport, in the order of {@link MetricsOverheadOptions#transports()}
   */
  static List<Result> run(MetricsOverheadOptions options, PrintStream out)
      throws InterruptedException {
    long perTransport = 2L * (options.warmup() + (long) options.pairs() * options.messages());
    int history = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(100_000, perTransport + 10_000));
    List<Result> results = new ArrayList<>();
    try (ReferenceServer server =
            ReferenceServer.builder()
                .historySize(history)
                .replayWithoutCursor(false)
                .webSocketResumeGrace(Duration.ZERO)
                .start();
        ResourceMeter m = new ResourceMeter()) {
      m.excludeThread(Thread.currentThread()); // the publisher
      server.publishJson(ReferenceServer.DEFAULT_TYPE, Payloads.probe(0)); // ids start at 1
      out.printf(
          Locale.ROOT,
          "Reference server %s; %s; %d messages per round (burst), %d A/B pairs, warm-up %d%n",
          server.url(),
          options.transports(),
          options.messages(),
          options.pairs(),
          options.warmup());
      MetricsOverheadBenchmark bench = new MetricsOverheadBenchmark(options, out, server, m);
      for (String transport : options.transports()) {
        results.add(bench.transport(transport));
      }
    }
    return results;
  }

  private Result transport(String transport) throws InterruptedException {
    if (options.warmup() > 0) {
      for (Variant v : Variant.values()) {
        Round r = round(transport, 0, v, options.warmup());
        line(transport, "warm-up", r);
      }
    }
    double before = TransportBenchmark.loadAverage();
    List<Round> rounds = new ArrayList<>();
    for (int pair = 1; pair <= options.pairs(); pair++) {
      for (Variant v : Variant.values()) {
        Round r = round(transport, pair, v, options.messages());
        line(transport, "round " + pair, r);
        rounds.add(r);
      }
    }
    return new Result(transport, rounds, before, TransportBenchmark.loadAverage());
  }

  /** Opens one subscription, positions it, publishes a burst, measures its delivery, closes it. */
  private Round round(String transport, int pair, Variant variant, int count)
      throws InterruptedException {
    System.gc(); // start each round with a clean heap (outside the measurement)
    DeliveryRecorder recorder = new DeliveryRecorder();
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .name("metricsbench-" + transport + "-" + ++subscriptionIds)
            .url(server.url())
            .transport(transport)
            .build();
    SubscriptionListener listener =
        new SubscriptionListener() {
          @Override
          public void onMessage(Message message) {
            recorder.accept(message.data());
          }
        };
    SimpleMeterRegistry registry = variant == Variant.METRICS ? new SimpleMeterRegistry() : null;
    Subscription sub =
        registry == null
            ? Tidings.subscribe(config, listener)
            : new TidingsMetrics(registry).subscribe(config, listener);
    try {
      if (liveEdge.position(List.of(recorder), options.timeout()).isEmpty()) {
        throw new IllegalStateException(
            transport + " " + variant.label() + ": not listening after " + options.timeout());
      }
      long lagBefore = lagCount(registry);
      int phase = ++phaseIds;
      recorder.startPhase(phase, count);
      ResourceMeter.Reading start = meter.read();
      Publishing.burst(server, phase, count, padding);
      recorder.awaitAll(options.timeout());
      ResourceMeter.Reading used = meter.read().minus(start);
      long lag = registry == null ? -1 : lagCount(registry) - lagBefore;
      return new Round(
          pair,
          variant,
          count,
          recorder.received(),
          (double) used.clientCpuNanos() / count,
          (double) used.clientAllocatedBytes() / count,
          lag);
    } finally {
      sub.close();
      if (registry != null) {
        registry.close();
      }
    }
  }

  private static long lagCount(SimpleMeterRegistry registry) {
    if (registry == null) {
      return -1;
    }
    Timer t = registry.find(TidingsMetrics.DELIVERY_LAG).timer();
    return t == null ? 0 : t.count();
  }

  private void line(String transport, String what, Round r) {
    out.printf(
        Locale.ROOT,
        "%-9s %-8s %-7s %d/%d delivered  client cpu %8.0f ns/msg  alloc %8.0f B/msg%s%n",
        transport,
        what,
        r.variant().label(),
        r.received(),
        r.expected(),
        r.cpuNanosPerMessage(),
        r.allocatedBytesPerMessage(),
        r.lagSamples() < 0 ? "" : "  lag samples " + r.lagSamples());
  }

  /** Prints the summary: one CPU and one allocation line per transport. */
  static void print(MetricsOverheadOptions options, List<Result> results, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%n== Metrics overhead (B = TidingsMetrics.subscribe / A = Tidings.subscribe),"
            + " %d messages per round, %d pairs ==%n",
        options.messages(),
        options.pairs());
    out.printf(
        Locale.ROOT,
        "%-9s %-16s %12s %12s %24s  %s%n",
        "transport",
        "per message",
        "A plain",
        "B metrics",
        "B/A median [min-max]",
        "load avg");
    for (Result r : results) {
      for (boolean cpu : new boolean[] {true, false}) {
        double[] ratios = r.ratios(cpu);
        out.printf(
            Locale.ROOT,
            "%-9s %-16s %12.0f %12.0f %24s  %.1f -> %.1f%s%n",
            r.transport(),
            cpu ? "client cpu ns" : "allocated bytes",
            r.median(Variant.PLAIN, cpu),
            r.median(Variant.METRICS, cpu),
            String.format(
                Locale.ROOT,
                "%.3f [%.3f-%.3f]",
                median(ratios),
                Arrays.stream(ratios).min().orElse(Double.NaN),
                Arrays.stream(ratios).max().orElse(Double.NaN)),
            r.loadBefore(),
            r.loadAfter(),
            r.complete() ? "" : "  INCOMPLETE");
      }
    }
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
}
