package io.tidings.examples;

import io.tidings.ConfigurationException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.Tidings;
import io.tidings.TidingsClient;
import io.tidings.shortpoll.ShortPollTransportProvider;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.TransportStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The same feed over all four transports side by side ({@code ./demo compare}): one reference
 * server, four subscriptions configured by {@code examples/tidings.properties} (only the transport
 * differs), {@code N} messages published at a steady rate. Prints per transport the messages
 * received, delivery latency p50/p99, HTTP requests, bytes on the wire (everything the client sent
 * and received over TCP, counted by {@link WireCounter}), requests, wire bytes and body bytes per
 * message, and reconnects. Latency leaves out {@value #WARM_UP} warm-up messages; the counts are
 * over the whole run.
 *
 * <p>Arguments: {@code [--messages N] [--rate PER_SECOND] [--seconds S] [--chart FILE]}; the
 * latency chart (p50 and p99 per transport, a PNG, see {@link CompareChart}) goes to {@code FILE},
 * by default {@code examples/target/compare-latency.png}, and its path is printed. With {@code
 * -Dtidings.url} pointing at a real server, nothing is published: the four subscriptions watch it
 * for {@code S} seconds (default {@value #DEFAULT_WATCH_SECONDS}) and the client's own counters are
 * shown (latency only when the data carries {@code sentAtMicros}, see {@link Tick}).
 */
public final class Compare {
  /** The transports compared, cheapest-to-deploy first. */
  public static final List<String> TRANSPORTS =
      List.of("shortpoll", "longpoll", "sse", "websocket");

  /** Messages published unless {@code --messages} says otherwise. */
  public static final int DEFAULT_MESSAGES = 200;

  /** Messages per second unless {@code --rate} says otherwise. */
  public static final int DEFAULT_RATE = 50;

  /** How long a real server is watched unless {@code --seconds} says otherwise. */
  public static final int DEFAULT_WATCH_SECONDS = 10;

  /**
   * Messages published, and waited for, before the measured ones; their latency is left out, as it
   * includes connection set-up (the reference server waits {@link
   * io.tidings.testkit.ReferenceServer#DEFAULT_WEBSOCKET_RESUME_GRACE} for a resume message before
   * streaming to a new WebSocket) and the JVM warming up.
   */
  static final int WARM_UP = 10;

  /** How long every subscription may take to open, and to receive the last message. */
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);

  private Compare() {}

  /**
   * One transport's figures.
   *
   * @param transport the transport
   * @param received messages delivered
   * @param expected messages published (0 when watching a real server)
   * @param p50Micros median delivery latency in microseconds, or -1 when unknown
   * @param p99Micros 99th percentile delivery latency in microseconds, or -1 when unknown
   * @param requests HTTP requests over the whole run (SSE and WebSocket: one per connection)
   * @param wireBytes bytes the client sent and received over TCP over the whole run (headers,
   *     bodies, framing, pings)
   * @param bytes body bytes over the whole run, as the reference server counts them (WebSocket:
   *     frame payloads; HTTP headers not included), or as the client counts them for a real server
   * @param reconnects reconnects
   * @param problem what went wrong, or null
   */
  public record Row(
      String transport,
      int received,
      int expected,
      long p50Micros,
      long p99Micros,
      long requests,
      long wireBytes,
      long bytes,
      long reconnects,
      String problem) {
    Row(
        String transport,
        int received,
        int expected,
        Percentiles latency,
        long requests,
        long wireBytes,
        long bytes,
        long reconnects,
        String problem) {
      this(
          transport,
          received,
          expected,
          latency.isEmpty() ? -1 : latency.at(50),
          latency.isEmpty() ? -1 : latency.at(99),
          requests,
          wireBytes,
          bytes,
          reconnects,
          problem);
    }

    double perMessage(long value) {
      return received == 0 ? 0 : (double) value / received;
    }
  }

  /** The outcome: one row per transport, the printed table, and whether every row passed. */
  public record Result(boolean ok, List<Row> rows, String table) {}

  /** Runs the comparison with {@code examples/tidings.properties} and exits with its status. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(main(args, System.out));
  }

  /**
   * Runs the comparison as {@code ./demo compare} does, printing to {@code out}, and writes the
   * latency chart (its path is printed). Never calls {@link System#exit}.
   *
   * @return the exit status: 0 when every transport got every message once, in order; 1 when not; 2
   *     for bad arguments or configuration
   */
  static int main(String[] args, PrintStream out) throws InterruptedException {
    int messages = DEFAULT_MESSAGES;
    int rate = DEFAULT_RATE;
    int seconds = DEFAULT_WATCH_SECONDS;
    java.nio.file.Path chart = CompareChart.defaultFile();
    SubscriptionConfig config;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--messages" -> messages = positive(args, ++i);
          case "--rate" -> rate = positive(args, ++i);
          case "--seconds" -> seconds = positive(args, ++i);
          case "--chart" -> chart = chartFile(args, ++i);
          default ->
              throw new IllegalArgumentException(
                  "unknown argument '"
                      + args[i]
                      + "'; use --messages N, --rate N, --seconds N, --chart FILE");
        }
      }
      config = SubscriptionConfig.load(ExampleFiles.find(Demo.CONFIG_FILE));
    } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
      out.println("FAILED: " + e.getMessage());
      return 2;
    }
    Result result = run(config, messages, rate, Duration.ofSeconds(seconds), out);
    try {
      java.nio.file.Path written =
          CompareChart.write(
              result.rows(),
              String.format(
                  Locale.ROOT,
                  "./demo compare: delivery latency (%d messages at %d/s)",
                  messages,
                  rate),
              chart);
      out.println("Latency chart: " + written);
    } catch (java.io.IOException | RuntimeException e) {
      out.println("The latency chart could not be written to " + chart + ": " + e);
    }
    out.println(result.ok() ? "OK" : "FAILED: a transport lost, repeated or missed messages");
    return result.ok() ? 0 : 1;
  }

  private static java.nio.file.Path chartFile(String[] args, int i) {
    if (i >= args.length || args[i].isBlank()) {
      throw new IllegalArgumentException(args[i - 1] + " needs a file name");
    }
    return java.nio.file.Path.of(args[i]);
  }

  private static int positive(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a number");
    }
    int n;
    try {
      n = Integer.parseInt(args[i]);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new IllegalArgumentException(args[i - 1] + " needs a positive number, was " + args[i]);
    }
    return n;
  }

  /**
   * Runs the comparison, printing the table to {@code out}. Never calls {@link System#exit}.
   *
   * @param base the configuration; each subscription is a copy with another transport
   * @param messages messages to publish (reference server only)
   * @param rate messages per second (reference server only)
   * @param watch how long to watch a real server
   */
  public static Result run(
      SubscriptionConfig base, int messages, int rate, Duration watch, PrintStream out)
      throws InterruptedException {
    try (LocalServers servers = new LocalServers()) {
      SubscriptionConfig resolved = servers.resolve(base);
      ReferenceServer server = servers.started().isEmpty() ? null : servers.started().get(0);
      Map<String, Recorder> recorders = new LinkedHashMap<>();
      Map<String, Subscription> subs = new LinkedHashMap<>();
      Map<String, WireCounter> wires = new LinkedHashMap<>();
      try {
        for (String transport : TRANSPORTS) {
          Recorder recorder = new Recorder((m, latency) -> {});
          recorders.put(transport, recorder);
          WireCounter wire = new WireCounter();
          wires.put(transport, wire);
          SubscriptionConfig config =
              resolved.toBuilder().name(transport).transport(transport).build();
          TidingsClient client = Tidings.builder().httpClient(wire.client()).build();
          subs.put(transport, client.subscribe(config, recorder));
        }
        Deadline opening = new Deadline(STEP_TIMEOUT);
        for (Map.Entry<String, Subscription> e : subs.entrySet()) {
          boolean listening =
              server == null
                  ? e.getValue().awaitState(SubscriptionState.OPEN, opening.left())
                  : Listening.await(e.getValue(), server, 0, opening.left());
          if (!listening) {
            out.printf("%s did not open (state %s)%n", e.getKey(), e.getValue().state());
          }
        }
        List<Row> rows =
            server == null
                ? watch(resolved, watch, recorders, subs, wires, out)
                : publishAndMeasure(server, resolved, messages, rate, recorders, subs, wires, out);
        String table = table(rows);
        out.print(table);
        return new Result(rows.stream().allMatch(r -> r.problem() == null), rows, table);
      } finally {
        subs.values().forEach(Subscription::close);
        wires.values().forEach(WireCounter::close);
      }
    }
  }

  private static List<Row> publishAndMeasure(
      ReferenceServer server,
      SubscriptionConfig config,
      int messages,
      int rate,
      Map<String, Recorder> recorders,
      Map<String, Subscription> subs,
      Map<String, WireCounter> wires,
      PrintStream out)
      throws InterruptedException {
    out.printf(
        "Publishing %d + %d warm-up messages at %d/s on %s to four subscriptions (short poll every"
            + " %d ms)%n",
        messages,
        WARM_UP,
        rate,
        server.url(),
        config.option(ShortPollTransportProvider.INTERVAL).toMillis());
    List<String> published = new ArrayList<>(messages + WARM_UP);
    for (int i = 0; i < WARM_UP; i++) {
      published.add(server.publish(Tick.now(i + 1)));
    }
    Deadline warming = new Deadline(STEP_TIMEOUT);
    for (Recorder recorder : recorders.values()) {
      recorder.awaitCount(WARM_UP, warming.left());
    }
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // a steady rate
      }
      published.add(server.publish(Tick.now(WARM_UP + i + 1)));
    }
    Deadline delivering = new Deadline(STEP_TIMEOUT);
    for (Recorder recorder : recorders.values()) {
      recorder.awaitCount(published.size(), delivering.left());
    }
    Map<String, TransportStats> after = server.stats();
    List<Row> rows = new ArrayList<>();
    for (String transport : TRANSPORTS) {
      Recorder recorder = recorders.get(transport);
      TransportStats served = after.get(transport);
      List<String> ids = recorder.ids();
      String problem = null;
      if (!ids.equals(published)) {
        problem =
            ids.size() < published.size()
                ? "received " + ids.size() + " of " + published.size()
                : "ids differ from those published (repeated or out of order)";
      }
      rows.add(
          new Row(
              transport,
              ids.size(),
              published.size(),
              new Percentiles(measured(recorder.latencies())),
              served.requests(),
              wires.get(transport).bytes(),
              served.bytes(),
              subs.get(transport).stats().reconnects(),
              problem));
    }
    return rows;
  }

  /** The latencies after the warm-up messages. */
  private static List<Long> measured(List<Long> latencies) {
    return latencies.subList(Math.min(WARM_UP, latencies.size()), latencies.size());
  }

  private static List<Row> watch(
      SubscriptionConfig config,
      Duration watch,
      Map<String, Recorder> recorders,
      Map<String, Subscription> subs,
      Map<String, WireCounter> wires,
      PrintStream out)
      throws InterruptedException {
    out.printf(
        "Watching %s://%s%s over four transports for %d s%n",
        config.url().getScheme(),
        config.url().getAuthority(),
        config.url().getPath(),
        watch.toSeconds());
    Thread.sleep(watch.toMillis()); // the observation window
    List<Row> rows = new ArrayList<>();
    for (String transport : TRANSPORTS) {
      Recorder recorder = recorders.get(transport);
      SubscriptionStats stats = subs.get(transport).stats();
      List<String> ids = recorder.ids();
      List<String> withIds = ids.stream().filter(Objects::nonNull).toList();
      boolean repeated = new HashSet<>(withIds).size() < withIds.size();
      String problem =
          recorder.closeCause() != null
              ? "gave up: " + recorder.closeCause().getMessage()
              : repeated ? "an id arrived twice" : null;
      rows.add(
          new Row(
              transport,
              ids.size(),
              0,
              new Percentiles(recorder.latencies()),
              stats.requests(),
              wires.get(transport).bytes(),
              stats.bytes(),
              stats.reconnects(),
              problem));
    }
    return rows;
  }

  /** The figures as a Markdown table. */
  static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| transport | received | p50 latency | p99 latency | HTTP requests | requests/msg |"
            + " wire bytes | wire bytes/msg | body bytes/msg | reconnects |\n");
    sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %d | %.2f | %d | %.0f | %.0f | %d |%s%n",
              r.transport(),
              r.expected() > 0 ? r.received() + "/" + r.expected() : Integer.toString(r.received()),
              r.p50Micros() < 0 ? "n/a" : Percentiles.formatMillis(r.p50Micros()),
              r.p99Micros() < 0 ? "n/a" : Percentiles.formatMillis(r.p99Micros()),
              r.requests(),
              r.perMessage(r.requests()),
              r.wireBytes(),
              r.perMessage(r.wireBytes()),
              r.perMessage(r.bytes()),
              r.reconnects(),
              r.problem() == null ? "" : " " + r.problem()));
    }
    return sb.toString();
  }
}
