package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.testkit.ReferenceServer;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many concurrent subscriptions to one host: for each transport, {@code subscriptions} Tidings
 * subscriptions (each with its own name), then as many raw OkHttp clients of the same wire protocol
 * sharing one OkHttp client whose dispatcher does not cap calls per host, then (optionally) as many
 * sharing an OkHttp client with the <em>default</em> dispatcher (5 asynchronous calls per host, 64
 * in all), against one in-process {@link ReferenceServer}, one row after the other in one run.
 *
 * <p>First, unmeasured, {@code subscriptions} Tidings and then raw clients receive {@code warmup}
 * messages each (as the rows do). Then each row's clients are positioned at the live edge ({@link
 * LiveEdge}) and receive {@code messages} messages published at {@code rate}/s with {@code
 * System.nanoTime()} in the data; every delivery's latency (publish to the application) is
 * recorded, and deliveries still missing {@code timeout} after the last publish are counted. "One
 * round trip" is the median of plain raw GETs of a short-poll answer ({@link RoundTrip}).
 *
 * <p>Run it with {@code java -cp benchmarks/target/tidings-benchmarks.jar
 * io.tidings.benchmarks.FanOutBenchmark [--name=value …]}; see {@link FanOutOptions#usage()}. Exits
 * with status 1 when Tidings missed a delivery.
 */
public final class FanOutBenchmark {
  private static final Logger log = LoggerFactory.getLogger(FanOutBenchmark.class);

  /** The rows of a transport's table, in the order they run. */
  enum Row {
    TIDINGS("tidings"),
    RAW_UNLIMITED("raw (unlimited)"),
    RAW_DEFAULT_DISPATCHER("raw (default dispatcher)");

    private final String label;

    Row(String label) {
      this.label = label;
    }

    /** The name in the table. */
    String label() {
      return label;
    }
  }

  private final FanOutOptions options;
  private final PrintStream out;
  private final ReferenceServer server;
  private final LiveEdge liveEdge;
  private final ObjectMapper mapper = new ObjectMapper();
  private final String padding;
  private int phaseIds;

  private FanOutBenchmark(FanOutOptions options, PrintStream out, ReferenceServer server) {
    this.options = options;
    this.out = out;
    this.server = server;
    this.liveEdge = new LiveEdge(server);
    this.padding = Payloads.padding(options.payloadPadding());
  }

  /**
   * Runs the benchmark from the command line.
   *
   * @param args options such as {@code --subscriptions=50}; {@code --help} prints them
   */
  public static void main(String[] args) throws Exception {
    if (OptionArgs.isHelp(args)) {
      System.out.println(FanOutOptions.usage());
      return;
    }
    FanOutOptions options;
    try {
      options = FanOutOptions.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<FanOutResult> results = run(options, System.out);
    FanOutReport.print(results, System.out);
    boolean complete = results.stream().allMatch(r -> r.tidings().complete());
    if (!complete) {
      System.err.println("Tidings missed deliveries: see 'missing' above.");
    }
    System.exit(complete ? 0 : 1);
  }

  /**
   * Runs every transport's rows on one server, then stops it.
   *
   * @param out where progress goes
   * @return one result per transport, in the order of {@link FanOutOptions#transports()}
   */
  static List<FanOutResult> run(FanOutOptions options, PrintStream out)
      throws InterruptedException, IOException {
    long perRow = 1000L + options.warmup() + options.messages();
    int history = (int) Math.min(1_000_000, Math.max(100_000, perRow * 4));
    List<FanOutResult> results = new ArrayList<>();
    try (ReferenceServer server =
        ReferenceServer.builder()
            .historySize(history)
            .replayWithoutCursor(false)
            .webSocketResumeGrace(Duration.ZERO)
            .start()) {
      server.publishJson(ReferenceServer.DEFAULT_TYPE, Payloads.probe(0)); // ids start at 1
      Duration roundTrip = RoundTrip.median(server, options.roundTrips());
      out.printf(
          Locale.ROOT,
          "Reference server %s; %s; %d subscriptions, warm-up %d, %d messages at %d/s;"
              + " one round trip %.3f ms%n",
          server.url(),
          options.transports(),
          options.subscriptions(),
          options.warmup(),
          options.messages(),
          options.rate(),
          roundTrip.toNanos() / 1e6);
      FanOutBenchmark bench = new FanOutBenchmark(options, out, server);
      for (String transport : options.transports()) {
        if (options.warmup() > 0) {
          // Unmeasured, like the rows: JIT-compiles both clients' paths and the server's first.
          bench.row(transport, Row.TIDINGS, options.warmup(), "warm-up");
          bench.row(transport, Row.RAW_UNLIMITED, options.warmup(), "warm-up");
        }
        List<FanOutRow> rows = new ArrayList<>();
        for (Row row : Row.values()) {
          if (row != Row.RAW_DEFAULT_DISPATCHER || options.defaultDispatcher()) {
            rows.add(bench.row(transport, row, options.messages(), "measured"));
          }
        }
        results.add(
            new FanOutResult(transport, options.messages(), options.rate(), roundTrip, rows));
      }
    }
    return results;
  }

  /** Opens the row's clients, positions them, publishes {@code count} messages, closes them. */
  private FanOutRow row(String transport, Row row, int count, String pass)
      throws InterruptedException {
    System.gc(); // start each row with a clean heap (outside the measurement)
    long start = System.nanoTime();
    int n = options.subscriptions();
    List<DeliveryRecorder> recorders = new ArrayList<>(n);
    List<BenchClient> clients = new ArrayList<>(n);
    OkHttpClient ok =
        row == Row.TIDINGS
            ? null
            : row == Row.RAW_UNLIMITED ? RawClients.unlimited() : RawClients.defaultDispatcher();
    try {
      for (int i = 0; i < n; i++) {
        DeliveryRecorder recorder = new DeliveryRecorder();
        recorders.add(recorder);
        clients.add(open(transport, i, ok, recorder));
      }
      List<DeliveryRecorder> listening = liveEdge.position(recorders, options.timeout());
      long listenNanos = System.nanoTime() - start;
      progress(transport, row, pass + ": %d/%d listening", start, listening.size(), n);
      if (listening.size() < n && row != Row.RAW_DEFAULT_DISPATCHER) {
        log.warn(
            "{} {}: only {} of {} clients listening", transport, row.label(), listening.size(), n);
      }
      int phase = ++phaseIds;
      recorders.forEach(r -> r.startPhase(phase, count));
      long connections = server.connectionsAccepted();
      Publishing.paced(server, phase, count, options.rate(), padding);
      awaitAll(recorders, options.timeout());
      FanOutRow result =
          result(
              row,
              listening.size(),
              listenNanos,
              recorders,
              clients,
              count,
              server.connectionsAccepted() - connections);
      progress(
          transport, row, pass + ": %d/%d delivered", start, result.received(), result.expected());
      return result;
    } finally {
      long closing = System.nanoTime();
      clients.forEach(BenchClient::close);
      if (ok != null) {
        RawClients.release(ok);
      }
      progress(transport, row, "%d clients closed", closing, clients.size());
    }
  }

  private BenchClient open(String transport, int i, OkHttpClient ok, DeliveryRecorder recorder) {
    if (ok == null) {
      return new TidingsClient(
          "fanout-" + transport + "-" + i,
          transport,
          server.url(),
          options.shortPollInterval(),
          null, // Tidings' own threads
          recorder);
    }
    return RawClients.open(
        transport, ok, server.url(), mapper, recorder, options.shortPollInterval(), true);
  }

  /** Waits until every recorder received its phase, or {@code timeout} passed. */
  private static void awaitAll(List<DeliveryRecorder> recorders, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (DeliveryRecorder r : recorders) {
      r.awaitAll(Duration.ofNanos(deadline - System.nanoTime()));
    }
  }

  private FanOutRow result(
      Row row,
      int listening,
      long listenNanos,
      List<DeliveryRecorder> recorders,
      List<BenchClient> clients,
      int count,
      long connections) {
    long received = 0;
    long duplicates = 0;
    Histogram latency = null;
    for (DeliveryRecorder r : recorders) {
      received += r.received();
      duplicates += r.duplicates();
      Histogram h = r.latency();
      if (latency == null) {
        latency = h;
      } else {
        latency.add(h);
      }
    }
    long errors = 0;
    for (BenchClient c : clients) {
      errors += c instanceof TidingsClient ? ((TidingsClient) c).errors() : 0;
    }
    return new FanOutRow(
        row.label(),
        recorders.size(),
        listening,
        listenNanos,
        (long) recorders.size() * count,
        received,
        duplicates,
        errors,
        PhaseResult.percentiles(latency),
        connections);
  }

  private void progress(String transport, Row row, String what, long since, Object... args) {
    out.printf(
        Locale.ROOT,
        "%-9s %-24s %s (%d ms)%n",
        transport,
        row.label(),
        String.format(Locale.ROOT, what, args),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
  }
}
