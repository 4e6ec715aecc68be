package io.tidings.examples;

import io.tidings.ConfigurationException;
import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo run by {@code ./demo}: subscribes with {@code examples/tidings.properties}, publishes
 * messages on the in-process reference server and prints each as it arrives with its delivery
 * latency, has the server drop the connection, publishes while the client is away, and checks that
 * the subscription resumed with nothing lost or repeated. Prints a one-line summary and exits 0, or
 * 1 when anything was lost, repeated, out of order or late.
 *
 * <p>With {@code -Dtidings.url} pointing at a real server (not a placeholder, see {@link
 * LocalServers}), it watches that feed for {@value #WATCH_SECONDS} seconds instead, checking that
 * nothing arrives twice or out of order.
 */
public final class Demo {
  /** The properties file the demo subscribes with, in {@code examples/}. */
  public static final String CONFIG_FILE = "tidings.properties";

  /** Messages published before the server drops the connection. */
  static final int BEFORE_DROP = 15;

  /** Messages published while the client is reconnecting. */
  static final int DURING_OUTAGE = 5;

  /** Messages published after the subscription resumed. */
  static final int AFTER_RESUME = 20;

  /** Time between two published messages. */
  static final Duration PUBLISH_INTERVAL = Duration.ofMillis(20);

  /** The longest the whole run may take before it fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(12);

  /** How long a real server's feed is watched. */
  static final int WATCH_SECONDS = 10;

  private Demo() {}

  /** The outcome of a run: whether it passed, and the one-line summary. */
  public record Result(boolean ok, String summary) {
    /** 0 when it passed, else 1. */
    public int exitCode() {
      return ok ? 0 : 1;
    }

    static Result failed(String transport, String why) {
      return new Result(false, "FAILED " + transport + ": " + why);
    }
  }

  /** Runs the demo with {@code examples/tidings.properties} and exits with its result. */
  public static void main(String[] args) throws InterruptedException {
    SubscriptionConfig config;
    try {
      config = SubscriptionConfig.load(ExampleFiles.find(CONFIG_FILE));
    } catch (ConfigurationException | IllegalStateException e) {
      System.out.println("FAILED: " + e.getMessage());
      System.exit(2);
      return;
    }
    Result result = run(config, System.out);
    System.out.println(result.summary());
    System.exit(result.exitCode());
  }

  /**
   * Runs the demo with {@code config}, printing progress to {@code out}. Never calls {@link
   * System#exit}.
   */
  public static Result run(SubscriptionConfig config, PrintStream out) throws InterruptedException {
    try (LocalServers servers = new LocalServers()) {
      SubscriptionConfig resolved = servers.resolve(config);
      if (servers.started().isEmpty()) {
        return runWatching(resolved, Duration.ofSeconds(WATCH_SECONDS), Integer.MAX_VALUE, out);
      }
      return demo(resolved, servers.started().get(0), out);
    }
  }

  private static Result demo(SubscriptionConfig config, ReferenceServer server, PrintStream out)
      throws InterruptedException {
    String transport = config.transport();
    int total = BEFORE_DROP + DURING_OUTAGE + AFTER_RESUME;
    Deadline deadline = new Deadline(TIMEOUT);
    out.printf(
        "Tidings demo over %s: reference server at %s, %d messages, one dropped connection%n",
        transport, server.url(), total);
    Recorder recorder = new Recorder((m, latency) -> printMessage(out, m.transport(), m, latency));
    List<String> published = new ArrayList<>();
    try (Subscription sub = Tidings.subscribe(config, recorder)) {
      if (!Listening.await(sub, server, 0, deadline.left())) {
        return timedOut(transport, "the subscription to open", sub, recorder, total);
      }
      out.printf("Subscription open over %s; publishing %d messages%n", transport, BEFORE_DROP);
      publish(server, BEFORE_DROP, 1, published);
      if (!recorder.awaitCount(BEFORE_DROP, deadline.left())) {
        return timedOut(transport, "the first messages", sub, recorder, total);
      }

      out.println("The server drops the connection now");
      if (!dropConnection(server, transport, recorder, deadline)) {
        return timedOut(transport, "the subscription to notice the drop", sub, recorder, total);
      }
      long requestsAtDrop = Listening.requests(sub, server);
      out.printf(
          "Subscription reconnecting; publishing %d messages while it is away%n", DURING_OUTAGE);
      publish(server, DURING_OUTAGE, BEFORE_DROP + 1, published);
      if (!Listening.await(sub, server, requestsAtDrop, deadline.left())) {
        return timedOut(transport, "the subscription to reconnect", sub, recorder, total);
      }
      out.printf("Subscription back; publishing %d more messages%n", AFTER_RESUME);
      publish(server, AFTER_RESUME, BEFORE_DROP + DURING_OUTAGE + 1, published);
      if (!recorder.awaitCount(total, deadline.left())) {
        return timedOut(transport, "every message", sub, recorder, total);
      }
      return verdict(transport, published, recorder, sub.stats());
    }
  }

  private static void publish(ReferenceServer server, int count, long first, List<String> ids)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      ids.add(server.publish(Tick.now(first + i)));
      Thread.sleep(PUBLISH_INTERVAL.toMillis()); // a steady rate, as a real feed has
    }
  }

  /**
   * Makes the server cut the subscription's connection and waits until the subscription noticed. A
   * stream or held long poll is cut at once; a short poll holds nothing, so the next one is cut. A
   * long poll may be between two requests, so the cut is repeated until it lands.
   */
  private static boolean dropConnection(
      ReferenceServer server, String transport, Recorder recorder, Deadline deadline)
      throws InterruptedException {
    int before = recorder.reconnecting();
    if (transport.equals("shortpoll")) {
      server.faults().dropOnceAfter(0);
      return recorder.awaitReconnectingAfter(before, deadline.left());
    }
    Duration retry = Duration.ofMillis(300);
    while (!deadline.passed()) {
      server.faults().dropActive();
      if (recorder.awaitReconnectingAfter(before, deadline.atMost(retry))) {
        return true;
      }
    }
    return false;
  }

  private static Result verdict(
      String transport, List<String> published, Recorder recorder, SubscriptionStats stats) {
    List<String> received = recorder.ids();
    Set<String> distinct = new HashSet<>(received);
    List<String> lost = published.stream().filter(id -> !distinct.contains(id)).toList();
    int duplicates = received.size() - distinct.size();
    Set<String> unexpected = new LinkedHashSet<>(received);
    published.forEach(unexpected::remove);
    boolean inOrder = received.equals(published);
    Percentiles latency = new Percentiles(recorder.latencies());
    String counts =
        String.format(
            Locale.ROOT,
            "%s: %d messages, %d lost, %d duplicates, %d %s, p50 latency %s, p99 %s",
            transport,
            received.size(),
            lost.size(),
            duplicates,
            stats.reconnects(),
            stats.reconnects() == 1 ? "reconnect" : "reconnects",
            latency.millis(50),
            latency.millis(99));
    List<String> problems = new ArrayList<>();
    if (!lost.isEmpty()) {
      problems.add("lost ids " + abbreviate(lost));
    }
    if (duplicates > 0) {
      problems.add("ids delivered more than once");
    }
    if (!unexpected.isEmpty()) {
      problems.add("ids never published " + abbreviate(new ArrayList<>(unexpected)));
    }
    if (lost.isEmpty() && duplicates == 0 && unexpected.isEmpty() && !inOrder) {
      problems.add("delivered out of order");
    }
    if (stats.reconnects() < 1) {
      problems.add("the dropped connection was never replaced");
    }
    if (!recorder.gaps().isEmpty()) {
      problems.add("gaps reported " + recorder.gaps());
    }
    return problems.isEmpty()
        ? new Result(true, "OK " + counts)
        : new Result(false, "FAILED " + counts + "; " + String.join("; ", problems));
  }

  /**
   * Watches a real server's feed for {@code time}, or until {@code enough} messages arrived: prints
   * what arrives and checks for repeats and disorder.
   */
  static Result runWatching(SubscriptionConfig config, Duration time, int enough, PrintStream out)
      throws InterruptedException {
    String transport = config.transport();
    out.printf(
        "Tidings demo over %s: watching %s://%s%s for %d s (not a placeholder URL, so no"
            + " reference server)%n",
        transport,
        config.url().getScheme(),
        config.url().getAuthority(),
        config.url().getPath(),
        time.toSeconds());
    Recorder recorder =
        new Recorder((m, latency) -> printMessage(out, m.transport(), m, latency))
            .printingEvents(out::println);
    try (Subscription sub = Tidings.subscribe(config, recorder)) {
      Deadline deadline = new Deadline(time);
      if (!sub.awaitState(SubscriptionState.OPEN, deadline.left())) {
        Throwable cause = recorder.closeCause();
        return Result.failed(
            transport,
            "the subscription did not open within "
                + time.toSeconds()
                + " s (state "
                + sub.state()
                + (cause == null ? "" : ", " + cause.getMessage())
                + ")");
      }
      recorder.awaitCount(enough, deadline.left()); // until enough, the time is up or it ends
      if (recorder.closed() && recorder.closeCause() != null) {
        return Result.failed(transport, "gave up: " + recorder.closeCause().getMessage());
      }
      List<String> ids = recorder.ids();
      List<String> withIds = ids.stream().filter(Objects::nonNull).toList();
      int duplicates = withIds.size() - new HashSet<>(withIds).size();
      List<Long> sequences = recorder.sequences();
      int outOfOrder = 0;
      for (int i = 1; i < sequences.size(); i++) {
        if (sequences.get(i) <= sequences.get(i - 1)) {
          outOfOrder++;
        }
      }
      SubscriptionStats stats = sub.stats();
      String counts =
          String.format(
              Locale.ROOT,
              "%s: watched for %d s: %d messages, %d duplicates, %d out of order, %d reconnects,"
                  + " %d errors, %d gaps",
              transport,
              time.toSeconds(),
              ids.size(),
              duplicates,
              outOfOrder,
              stats.reconnects(),
              recorder.errors().size(),
              recorder.gaps().size());
      return duplicates == 0 && outOfOrder == 0
          ? new Result(true, "OK " + counts)
          : new Result(false, "FAILED " + counts);
    }
  }

  private static void printMessage(
      PrintStream out, String transport, Message m, long latencyMicros) {
    out.printf(
        "  %-9s id %-5s %s%n",
        transport,
        m.id(),
        latencyMicros >= 0
            ? "latency " + Percentiles.formatMillis(latencyMicros)
            : abbreviate(List.of(m.data())));
  }

  private static Result timedOut(
      String transport, String what, Subscription sub, Recorder recorder, int total) {
    Throwable cause = recorder.closeCause();
    return Result.failed(
        transport,
        "timed out after "
            + TIMEOUT.toSeconds()
            + " s waiting for "
            + what
            + " (state "
            + sub.state()
            + ", received "
            + recorder.count()
            + " of "
            + total
            + (cause == null ? "" : ", gave up: " + cause.getMessage())
            + ")");
  }

  private static String abbreviate(List<String> items) {
    String text = items.stream().limit(10).collect(Collectors.joining(", "));
    return items.size() > 10 ? text + ", … (" + items.size() + " in all)" : text;
  }
}
