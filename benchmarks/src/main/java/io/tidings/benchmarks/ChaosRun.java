package io.tidings.benchmarks;

import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.longpoll.LongPollTransportProvider;
import io.tidings.shortpoll.ShortPollTransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.ChaosProxy;
import io.tidings.testkit.ReferenceServer;
import io.tidings.websocket.WebSocketTransportProvider;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A chaos run: for each transport, tens of thousands of messages through a {@link ChaosProxy} that
 * cuts every connection at seeded random moments and now and then goes silent for longer than the
 * stall timeout, then a check that every message arrived exactly once and in order. Prints one row
 * per transport: messages delivered, connections the proxy accepted, reconnects, stalls detected
 * (timeouts reported), duplicates dropped, gaps and the first violation, if any. A long poll is
 * silent for up to its wait, so its stall timeout in force is longer than these stalls: they delay
 * it without being reported. Exits 1 when a transport lost, repeated or re-ordered a message.
 *
 * <p>{@code java -cp benchmarks/target/tidings-benchmarks.jar io.tidings.benchmarks.ChaosRun
 * [--messages=N] [--rate=N] [--seed=N] [--transports=sse,websocket,longpoll,shortpoll]}
 */
public final class ChaosRun {
  /** Messages per transport unless {@code --messages} says otherwise. */
  public static final int DEFAULT_MESSAGES = 20_000;

  /** Messages per second unless {@code --rate} says otherwise. */
  public static final int DEFAULT_RATE = 2_000;

  /** The seed of the cuts and stalls unless {@code --seed} says otherwise. */
  public static final long DEFAULT_SEED = 42;

  /** The shortest and longest time between two cuts. */
  static final Duration MIN_CUT = Duration.ofMillis(100);

  static final Duration MAX_CUT = Duration.ofMillis(700);

  /** The stall timeout of the subscriptions; each stall of the proxy lasts twice as long. */
  static final Duration STALL_TIMEOUT = Duration.ofMillis(1500);

  /** The shortest and longest time between two stalls. */
  static final Duration MIN_STALL_GAP = Duration.ofSeconds(3);

  static final Duration MAX_STALL_GAP = Duration.ofSeconds(8);

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private ChaosRun() {}

  /** What one transport went through, and whether it came through intact. */
  record Row(
      String transport,
      int published,
      long delivered,
      long proxyConnections,
      long timeouts,
      SubscriptionStats stats,
      String violation) {}

  /** Runs the chaos run from the command line. */
  public static void main(String[] args) throws InterruptedException {
    String usage =
        "Options: --messages=N (default "
            + DEFAULT_MESSAGES
            + ") --rate=N (default "
            + DEFAULT_RATE
            + ") --seed=N (default "
            + DEFAULT_SEED
            + ") --transports=sse,websocket,longpoll,shortpoll";
    if (OptionArgs.isHelp(args)) {
      System.out.println(usage);
      return;
    }
    int messages = DEFAULT_MESSAGES;
    int rate = DEFAULT_RATE;
    long seed = DEFAULT_SEED;
    List<String> transports = BenchmarkOptions.DEFAULT_TRANSPORTS;
    try {
      for (var e : OptionArgs.merge(Map.of(), args, usage).entrySet()) {
        switch (e.getKey()) {
          case "messages" -> messages = OptionArgs.integer(e.getKey(), e.getValue());
          case "rate" -> rate = OptionArgs.integer(e.getKey(), e.getValue());
          case "seed" -> seed = OptionArgs.integer(e.getKey(), e.getValue());
          case "transports" ->
              transports = OptionArgs.transports(e.getKey(), OptionArgs.names(e.getValue()));
          default ->
              throw new IllegalArgumentException("Unknown option --" + e.getKey() + ". " + usage);
        }
      }
      OptionArgs.positive("messages", messages);
      OptionArgs.positive("rate", rate);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (String transport : transports) {
      rows.add(run(transport, messages, rate, seed, System.out));
    }
    print(rows, System.out);
    boolean intact = rows.stream().allMatch(r -> r.violation() == null);
    System.out.println(intact ? "OK: every message exactly once, in order" : "FAILED");
    System.exit(intact ? 0 : 1);
  }

  /** One transport's chaos run: {@code messages} at {@code rate}/s through cuts and stalls. */
  static Row run(String transport, int messages, int rate, long seed, PrintStream log)
      throws InterruptedException {
    log.printf(Locale.ROOT, "%s: %d messages at %d/s, seed %d%n", transport, messages, rate, seed);
    OrderChecker checker = new OrderChecker();
    ScheduledExecutorService staller = Executors.newSingleThreadScheduledExecutor();
    try (ReferenceServer server = ReferenceServer.builder().historySize(messages).start();
        ChaosProxy proxy = ChaosProxy.to(server)) {
      SubscriptionConfig config =
          SubscriptionConfig.builder()
              .name("chaos-" + transport)
              .transport(transport)
              .url(proxy.url(server))
              .stallTimeout(STALL_TIMEOUT)
              .reconnectPolicy(
                  ReconnectPolicy.exponentialBackoff()
                      .initialDelay(Duration.ofMillis(50))
                      .maxDelay(Duration.ofMillis(500))
                      .build())
              .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(50))
              .option(LongPollTransportProvider.WAIT, Duration.ofSeconds(5))
              .option(WebSocketTransportProvider.PING_INTERVAL, Duration.ofMillis(500))
              .build();
      try (Subscription sub = Tidings.subscribe(config, checker)) {
        if (!sub.awaitState(SubscriptionState.OPEN, Duration.ofSeconds(10))) {
          return new Row(transport, 0, 0, 0, 0, sub.stats(), "never opened");
        }
        proxy.cutRandomly(seed, MIN_CUT, MAX_CUT);
        scheduleStalls(staller, proxy, new Random(seed + 1));
        Publishing.paced(server, 0, messages, rate, "");
        staller.shutdownNow();
        staller.awaitTermination(5, TimeUnit.SECONDS);
        proxy.stopCutting();
        proxy.resume();
        Await.within(
            () -> checker.delivered() >= messages || checker.violation() != null, DRAIN_TIMEOUT);
        String violation = checker.violation();
        if (violation == null && checker.delivered() != messages) {
          violation = "delivered " + checker.delivered() + " of " + messages;
        }
        return new Row(
            transport,
            messages,
            checker.delivered(),
            proxy.connectionsAccepted(),
            checker.timeouts(),
            sub.stats(),
            violation);
      }
    } finally {
      staller.shutdownNow();
    }
  }

  /**
   * Silences the proxy for twice the stall timeout at seeded random moments, without cuts meanwhile
   * (a cut would end the silent connection before its stall could be detected).
   */
  private static void scheduleStalls(
      ScheduledExecutorService staller, ChaosProxy proxy, Random random) {
    long gap =
        MIN_STALL_GAP.toMillis()
            + (long) (random.nextDouble() * (MAX_STALL_GAP.toMillis() - MIN_STALL_GAP.toMillis()));
    staller.schedule(
        () -> {
          proxy.stopCutting();
          proxy.stall();
          staller.schedule(
              () -> {
                proxy.resume();
                proxy.cutRandomly(random.nextLong(), MIN_CUT, MAX_CUT);
                scheduleStalls(staller, proxy, random);
              },
              STALL_TIMEOUT.toMillis() * 2,
              TimeUnit.MILLISECONDS);
        },
        gap,
        TimeUnit.MILLISECONDS);
  }

  private static void print(List<Row> rows, PrintStream out) {
    out.println();
    out.println(
        "| transport | delivered | TCP connections | reconnects | stalls (timeouts) |"
            + " duplicates dropped | gaps | result |");
    out.println("|---|--:|--:|--:|--:|--:|--:|---|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %d/%d | %d | %d | %d | %d | %d | %s |%n",
          r.transport(),
          r.delivered(),
          r.published(),
          r.proxyConnections(),
          r.stats().reconnects(),
          r.timeouts(),
          r.stats().duplicatesDropped(),
          r.stats().gaps(),
          r.violation() == null ? "exactly once, in order" : r.violation());
    }
  }

  /**
   * Checks that ids arrive as 1, 2, 3, …: each once, in order, none missing. Callbacks come one at
   * a time on the delivery thread; the getters may be read from any thread.
   */
  private static final class OrderChecker implements SubscriptionListener {
    private volatile long delivered;
    private volatile long timeouts;
    private volatile String violation;

    @Override
    public void onError(TidingsException error) {
      if (error.kind() == FailureKind.TIMEOUT) {
        timeouts++; // only the delivery thread writes
      }
    }

    @Override
    public void onMessage(Message message) {
      long expected = delivered + 1;
      if (violation == null && !Long.toString(expected).equals(message.id())) {
        violation = "expected id " + expected + " but got " + message.id();
      }
      delivered = expected;
    }

    @Override
    public void onGap(Gap gap) {
      if (violation == null) {
        violation = "gap: " + gap;
      }
    }

    long timeouts() {
      return timeouts;
    }

    long delivered() {
      return delivered;
    }

    String violation() {
      return violation;
    }
  }
}
