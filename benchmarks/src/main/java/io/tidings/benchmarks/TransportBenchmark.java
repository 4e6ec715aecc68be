package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.TransportStats;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Compares each Tidings transport with a raw OkHttp client of the same wire protocol (and, for SSE,
 * with okhttp-eventsource used directly), on one in-process {@link ReferenceServer} (127.0.0.1) in
 * one run, and prints the ratios.
 *
 * <p>For each transport: each client's warm-up (a burst of {@code warmup} messages, then close);
 * then {@code rounds} measured rounds. In a round every client runs once, the order rotating from
 * round to round (A/B, B/A, ...), so that no client always runs first: a fresh client is positioned
 * at the live edge of the feed (probe messages until one arrives), receives a <b>paced</b> phase
 * ({@code paced} messages at {@code rate}/s: latency) and a <b>burst</b> phase ({@code messages}
 * published as fast as possible: throughput), and closes. Each message's data carries {@code
 * System.nanoTime()} at publish; latency is measured when the client hands the data to the
 * application. Figures are medians over the rounds, ratios the medians of the per-round ratios with
 * their min and max ({@link Comparison}).
 *
 * <p>Run it with {@code java -jar benchmarks/target/tidings-benchmarks.jar [--name=value …]}; see
 * {@link BenchmarkOptions#usage()}. Exits with status 1 when a client missed a message.
 */
public final class TransportBenchmark {
  private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(30);

  private final BenchmarkOptions options;
  private final PrintStream log;
  private final ObjectMapper mapper = new ObjectMapper();
  private final String padding;
  private int phaseIds;
  private LiveEdge liveEdge;
  private double loadBefore;
  private double loadMax;

  private TransportBenchmark(BenchmarkOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
    this.padding = Payloads.padding(options.payloadPadding());
  }

  /**
   * Runs the benchmark from the command line.
   *
   * @param args options such as {@code --messages=5000}; {@code --help} prints them
   */
  public static void main(String[] args) throws Exception {
    if (OptionArgs.isHelp(args)) {
      System.out.println(BenchmarkOptions.usage());
      return;
    }
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Results results = run(options, System.out);
    Report.print(results, System.out);
    Path json = Report.write(options, results, options.outputDir());
    System.out.println();
    System.out.println("Results and charts written to " + json.toAbsolutePath().getParent());
    boolean allComplete = results.comparisons().stream().allMatch(Comparison::complete);
    if (!allComplete) {
      System.err.println("Some messages did not arrive: see 'delivered' above.");
    }
    System.exit(allComplete ? 0 : 1);
  }

  /**
   * What a run measured. Immutable.
   *
   * @param comparisons one per transport, in the order of {@link BenchmarkOptions#transports()}
   * @param loadBefore the system load average (1 min) when the run started
   * @param loadMax the highest load average read at the start and after each round
   * @param loadAfter the load average when the run ended
   * @param elapsedMillis how long the run took
   */
  record Results(
      List<Comparison> comparisons,
      double loadBefore,
      double loadMax,
      double loadAfter,
      long elapsedMillis) {
    Results {
      comparisons = List.copyOf(comparisons);
    }
  }

  /**
   * Runs every transport's comparison.
   *
   * @param log where progress goes
   */
  static Results run(BenchmarkOptions options, PrintStream log) throws InterruptedException {
    TransportBenchmark b = new TransportBenchmark(options, log);
    long start = System.nanoTime();
    b.loadBefore = loadAverage();
    b.loadMax = b.loadBefore;
    List<Comparison> comparisons = b.runAll();
    double after = loadAverage();
    return new Results(
        comparisons,
        b.loadBefore,
        Math.max(b.loadMax, after),
        after,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** The system load average of the last minute, or NaN where the OS has none. */
  static double loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? Double.NaN : l;
  }

  private List<Comparison> runAll() throws InterruptedException {
    long perClient = (long) options.warmup() + options.pacedMessages() + options.messages() + 1000;
    int history = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(100_000, perClient * 2 + 1000));
    List<Comparison> out = new ArrayList<>();
    try (ReferenceServer server =
            ReferenceServer.builder()
                .historySize(history)
                .replayWithoutCursor(false)
                .webSocketResumeGrace(Duration.ZERO)
                .start();
        ResourceMeter meter = new ResourceMeter()) {
      meter.excludeThread(Thread.currentThread());
      server.publishJson(ReferenceServer.DEFAULT_TYPE, Payloads.probe(0)); // ids start at 1
      liveEdge = new LiveEdge(server);
      log.printf(
          Locale.ROOT,
          "Reference server %s; %s; %d rounds; warm-up %d, paced %d at %d/s, burst %d,"
              + " payload %d chars; load average %.2f%n",
          server.url(),
          options.transports(),
          options.rounds(),
          options.warmup(),
          options.pacedMessages(),
          options.rate(),
          options.messages(),
          options.payloadPadding(),
          loadBefore);
      for (String transport : options.transports()) {
        out.add(compare(server, meter, transport));
      }
      if (options.showThreads()) {
        log.println("Threads (cumulative):");
        meter.describeClientThreads().forEach(log::println);
      }
    }
    return out;
  }

  private Comparison compare(ReferenceServer server, ResourceMeter meter, String transport)
      throws InterruptedException {
    List<BenchClient.Kind> kinds = BenchClient.Kind.forTransport(transport);
    if (options.warmup() > 0) {
      for (BenchClient.Kind kind : kinds) {
        long start = System.nanoTime();
        DeliveryRecorder recorder = new DeliveryRecorder();
        ClientHandle client = open(kind, transport, server, meter, recorder);
        try {
          position(recorder);
          burst(server, meter, transport, recorder, options.warmup());
        } finally {
          client.close();
        }
        log.printf(
            Locale.ROOT,
            "%-9s %-18s warm-up done in %d ms%n",
            transport,
            kind.label(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
    }
    List<Map<BenchClient.Kind, RunResult>> rounds = new ArrayList<>();
    for (int round = 0; round < options.rounds(); round++) {
      Map<BenchClient.Kind, RunResult> runs = new EnumMap<>(BenchClient.Kind.class);
      for (BenchClient.Kind kind : rotated(kinds, round)) {
        runs.put(kind, measure(server, meter, transport, kind, round + 1));
      }
      rounds.add(runs);
      loadMax = Math.max(loadMax, loadAverage());
    }
    return new Comparison(transport, kinds, rounds);
  }

  /** {@code kinds} rotated left by {@code round}: each client runs first in turn. */
  static List<BenchClient.Kind> rotated(List<BenchClient.Kind> kinds, int round) {
    List<BenchClient.Kind> order = new ArrayList<>(kinds);
    Collections.rotate(order, -(round % kinds.size()));
    return order;
  }

  private RunResult measure(
      ReferenceServer server,
      ResourceMeter meter,
      String transport,
      BenchClient.Kind kind,
      int round)
      throws InterruptedException {
    System.gc(); // start each measured run with a clean heap (outside the measurement)
    DeliveryRecorder recorder = new DeliveryRecorder();
    ClientHandle client = open(kind, transport, server, meter, recorder);
    PhaseResult paced;
    PhaseResult burst;
    try {
      position(recorder);
      paced = paced(server, meter, transport, recorder);
      burst = burst(server, meter, transport, recorder, options.messages());
    } finally {
      client.close();
    }
    log.printf(
        Locale.ROOT,
        "%-9s %-18s round %d: paced %d/%d p50 %.0f us, burst %d/%d %.0f msg/s%n",
        transport,
        kind.label(),
        round,
        paced.received(),
        paced.expected(),
        paced.latencyMicros()[0],
        burst.received(),
        burst.expected(),
        burst.throughput());
    return new RunResult(transport, kind.label(), paced, burst, client.errors());
  }

  /** Positions the client at the live edge of the feed. */
  private void position(DeliveryRecorder recorder) throws InterruptedException {
    if (liveEdge.position(List.of(recorder), POSITION_TIMEOUT).isEmpty()) {
      throw new IllegalStateException(
          "The client received no probe within " + POSITION_TIMEOUT.toSeconds() + " s");
    }
  }

  private PhaseResult paced(
      ReferenceServer server, ResourceMeter meter, String transport, DeliveryRecorder recorder)
      throws InterruptedException {
    int count = options.pacedMessages();
    return phase(
        "paced",
        server,
        meter,
        transport,
        recorder,
        count,
        (phase) -> Publishing.paced(server, phase, count, options.rate(), padding));
  }

  private PhaseResult burst(
      ReferenceServer server,
      ResourceMeter meter,
      String transport,
      DeliveryRecorder recorder,
      int count)
      throws InterruptedException {
    return phase(
        "burst",
        server,
        meter,
        transport,
        recorder,
        count,
        (phase) -> Publishing.burst(server, phase, count, padding));
  }

  private interface Publisher {
    void publish(int phase);
  }

  private PhaseResult phase(
      String name,
      ReferenceServer server,
      ResourceMeter meter,
      String transport,
      DeliveryRecorder recorder,
      int count,
      Publisher publisher)
      throws InterruptedException {
    int phase = ++phaseIds;
    recorder.startPhase(phase, count);
    TransportStats before = server.stats(transport);
    ResourceMeter.Reading r0 = meter.read();
    long start = System.nanoTime();
    publisher.publish(phase);
    recorder.awaitAll(options.phaseTimeout());
    ResourceMeter.Reading usage = meter.read().minus(r0);
    TransportStats after = server.stats(transport);
    long last = recorder.lastDeliveryNanos();
    return new PhaseResult(
        name,
        count,
        recorder.received(),
        recorder.duplicates(),
        last == 0 ? 0 : last - start,
        PhaseResult.percentiles(recorder.latency()),
        usage,
        after.bytes() - before.bytes(),
        after.requests() - before.requests());
  }

  /** A running client and, for raw clients, the OkHttp client it owns. */
  private static final class ClientHandle {
    final BenchClient client;
    final OkHttpClient okHttp;

    ClientHandle(BenchClient client, OkHttpClient okHttp) {
      this.client = client;
      this.okHttp = okHttp;
    }

    long errors() {
      return client instanceof TidingsClient ? ((TidingsClient) client).errors() : 0;
    }

    void close() {
      client.close();
      if (okHttp != null) {
        RawClients.release(okHttp);
      }
    }
  }

  private ClientHandle open(
      BenchClient.Kind kind,
      String transport,
      ReferenceServer server,
      ResourceMeter meter,
      DeliveryRecorder recorder) {
    if (kind == BenchClient.Kind.TIDINGS) {
      return new ClientHandle(
          new TidingsClient(
              "bench-" + transport,
              transport,
              server.url(),
              options.shortPollInterval(),
              tidingsExecutor(transport, meter),
              recorder),
          null);
    }
    OkHttpClient ok = RawClients.unlimited();
    if (kind == BenchClient.Kind.EVENTSOURCE) {
      return new ClientHandle(new EventSourceSseClient(ok, server.url(), recorder), ok);
    }
    return new ClientHandle(
        RawClients.open(
            transport, ok, server.url(), mapper, recorder, options.shortPollInterval(), false),
        ok);
  }

  /**
   * The executor Tidings runs with: none (its defaults: a thread per blocking task, callbacks on
   * the shared delivery pool), except for short polls, whose thread per poll ends between the
   * meter's samples: there, an executor that does what the default does (a new thread per task) and
   * records each thread's figures when it ends. (It also runs the delivery drains, a thread each,
   * which the default does not: short-poll CPU and allocation of Tidings are over-counted.)
   */
  private static java.util.concurrent.Executor tidingsExecutor(
      String transport, ResourceMeter meter) {
    return "shortpoll".equals(transport)
        ? new ThreadPerTaskExecutor("tidings-bench-" + transport + "-", meter)
        : null;
  }

  /** Used by tests: runs and writes results like {@link #main}, without exiting. */
  static Results runAndWrite(BenchmarkOptions options, PrintStream log)
      throws InterruptedException, IOException {
    Results results = run(options, log);
    Report.print(results, log);
    Report.write(options, results, options.outputDir());
    return results;
  }
}
