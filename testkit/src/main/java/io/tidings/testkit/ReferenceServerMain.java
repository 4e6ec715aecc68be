package io.tidings.testkit;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link ReferenceServer} as a process of its own, publishing ticks at a fixed rate, for the
 * examples and for testing an application against it from outside the JVM:
 *
 * <pre>
 * java -cp ... io.tidings.testkit.ReferenceServerMain --port 8080 --rate 10
 * </pre>
 *
 * <p>Options ({@link #USAGE}): {@code --host H} (default {@value ReferenceServer#DEFAULT_HOST}; any
 * other interface prints a warning), {@code --port N} (default {@value #DEFAULT_PORT}, 0 for any),
 * {@code --rate N} messages per second (default 1, 0 for none), {@code --path /events}, {@code
 * --history N}, {@code --heartbeat 15s}, {@code --h2c}, {@code --replay} / {@code --no-replay}
 * (default {@value #DEFAULT_REPLAY}: a client without cursor starts at the live edge), {@code
 * --quiet} (no line per connection, poll, fault switched and message received), and {@code
 * --fault-control} / {@code --no-fault-control}: the fault control endpoint ({@link
 * ReferenceServer#faultsUrl()}) is on by default on a loopback host and off on any other unless
 * {@code --fault-control} is given. Stops on Ctrl-C.
 *
 * <p>{@link #parse(String...)} and {@link #start(Options, PrintStream)} run it in-process.
 */
public final class ReferenceServerMain {
  /** The port used unless {@code --port} says otherwise. */
  public static final int DEFAULT_PORT = 8080;

  /** Messages published per second unless {@code --rate} says otherwise. */
  public static final double DEFAULT_RATE = 1;

  /** How long {@link Running#close()} waits for the publishing thread to end. */
  public static final Duration STOP_TIMEOUT = ReferenceServer.STOP_TIMEOUT;

  /**
   * Whether a client without cursor first gets the retained history unless {@code --replay} or
   * {@code --no-replay} says otherwise: no, it starts at the live edge, as most real feeds do.
   */
  public static final boolean DEFAULT_REPLAY = false;

  /** The options, as {@code --help} prints them. */
  public static final String USAGE =
      "Options: --host 127.0.0.1  --port 8080 (0: any free port)  --rate 1 (messages per second,"
          + " 0: none)\n"
          + "         --path /events  --history 1000  --heartbeat 15s  --h2c\n"
          + "         --replay | --no-replay (default: --no-replay; --replay sends a client that has no"
          + " cursor\n"
          + "           the retained history first, up to --history messages)\n"
          + "         --quiet (no line per connection, fault switch and received message)\n"
          + "         --fault-control | --no-fault-control (default: on for a loopback host only)";

  private ReferenceServerMain() {}

  /**
   * The command line's settings. Immutable.
   *
   * @param host the interface to bind, not null
   * @param port the port, 0 for any free one
   * @param rate messages published per second, 0 for none
   * @param path the feed path, not null
   * @param historySize messages kept for resuming
   * @param heartbeat the SSE and WebSocket heartbeat interval, not null
   * @param h2c whether HTTP/2 cleartext is served too
   * @param faultControl whether the fault control endpoint is served
   * @param replay whether a client without cursor first gets the retained history
   * @param quiet whether the per-connection, per-fault and per-received-message lines are left out
   */
  public record Options(
      String host,
      int port,
      double rate,
      String path,
      int historySize,
      Duration heartbeat,
      boolean h2c,
      boolean faultControl,
      boolean replay,
      boolean quiet) {
    /** Checks the values; throws IllegalArgumentException saying which one is wrong. */
    public Options {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(heartbeat, "heartbeat");
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("--rate must be 0 or more messages per second: " + rate);
      }
    }

    /** A builder for the server these options describe. */
    public ReferenceServer.Builder serverBuilder() {
      return ReferenceServer.builder()
          .host(host)
          .port(port)
          .path(path)
          .historySize(historySize)
          .heartbeatInterval(heartbeat)
          .h2c(h2c)
          .faultControl(faultControl)
          .replayWithoutCursor(replay);
    }

    /** Whether {@link #host()} is a loopback interface, reachable from this machine only. */
    public boolean loopback() {
      return isLoopback(host);
    }
  }

  /** A server started by {@link #start}, with its publisher. Thread-safe. */
  public static final class Running implements AutoCloseable {
    private final ReferenceServer server;
    private final ScheduledExecutorService publisher;

    private Running(ReferenceServer server, ScheduledExecutorService publisher) {
      this.server = server;
      this.publisher = publisher;
    }

    /** The server. */
    public ReferenceServer server() {
      return server;
    }

    /**
     * Stops publishing and stops the server; returns when their threads have ended. Idempotent.
     *
     * @throws IllegalStateException when they did not end within {@link #STOP_TIMEOUT}
     */
    @Override
    public void close() {
      publisher.shutdownNow();
      boolean ended;
      try {
        ended = publisher.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ended = false;
      }
      server.close();
      if (!ended) {
        throw new IllegalStateException(
            "The reference server's publisher did not end within " + STOP_TIMEOUT);
      }
    }
  }

  /**
   * Starts the server and publishes until the process is stopped. Exits with status 2 on a bad
   * option, 1 when the server cannot start.
   *
   * @param args the options of {@link #USAGE}
   */
  public static void main(String[] args) throws InterruptedException {
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    Running running;
    try {
      running = start(parse(args), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "refserver-shutdown"));
    System.out.println("Ctrl-C stops it.");
    stopped.await();
  }

  /**
   * Reads the options of {@link #USAGE} (all but {@code --help}).
   *
   * @throws IllegalArgumentException for an unknown option, a missing or bad value
   */
  public static Options parse(String... args) {
    String host = ReferenceServer.DEFAULT_HOST;
    int port = DEFAULT_PORT;
    double rate = DEFAULT_RATE;
    String path = ReferenceServer.DEFAULT_PATH;
    int history = ReferenceServer.DEFAULT_HISTORY_SIZE;
    Duration heartbeat = ReferenceServer.DEFAULT_HEARTBEAT_INTERVAL;
    boolean h2c = false;
    Boolean faultControl = null;
    boolean replay = DEFAULT_REPLAY;
    boolean quiet = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--host" -> host = value(args, ++i, a);
        case "--port" -> port = integer(value(args, ++i, a), a);
        case "--rate" -> rate = number(value(args, ++i, a), a);
        case "--path" -> path = value(args, ++i, a);
        case "--history" -> history = integer(value(args, ++i, a), a);
        case "--heartbeat" -> heartbeat = duration(value(args, ++i, a), a);
        case "--h2c" -> h2c = true;
        case "--fault-control" -> faultControl = true;
        case "--no-fault-control" -> faultControl = false;
        case "--replay" -> replay = true;
        case "--no-replay" -> replay = false;
        case "--quiet" -> quiet = true;
        default ->
            throw new IllegalArgumentException(
                "Unknown option " + a + " (--help lists the options)");
      }
    }
    Options options =
        new Options(
            host,
            port,
            rate,
            path,
            history,
            heartbeat,
            h2c,
            faultControl != null ? faultControl : isLoopback(host),
            replay,
            quiet);
    options.serverBuilder(); // checks port, path and history now, not at start
    return options;
  }

  /**
   * Starts the server of {@code options} and its publisher, and prints its URLs (and a warning for
   * a host that is not loopback) to {@code out}.
   *
   * @throws IllegalStateException when it cannot start (the port is taken)
   */
  public static Running start(Options options, PrintStream out) {
    ReferenceServer.Builder builder = options.serverBuilder();
    if (!options.quiet()) {
      DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
      builder.eventLog(line -> out.println(LocalTime.now().format(clock) + "  " + line));
    }
    ReferenceServer server = builder.start();
    ScheduledExecutorService publisher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "refserver-publisher");
              t.setDaemon(true);
              return t;
            });
    if (options.rate() > 0) {
      long period = Math.max(1, (long) (1_000_000_000L / options.rate()));
      publisher.scheduleAtFixedRate(() -> server.publish(1), 0, period, TimeUnit.NANOSECONDS);
    }
    if (!options.loopback()) {
      out.println(
          "WARNING: listening on "
              + options.host()
              + ", not a loopback interface: anyone who can reach it can read the feed, publish"
              + (options.faultControl()
                  ? " and switch faults"
                  : " (the fault endpoint is off; --fault-control turns it on)"));
    }
    out.println("Tidings reference server" + (server.h2c() ? " (HTTP/1.1 and h2c)" : ""));
    out.println("  feed:    " + server.url() + "   (WebSocket: " + server.wsUrl() + ")");
    out.println("  publish: POST " + server.publishUrl() + "   {\"type\":\"tick\",\"data\":{...}}");
    out.println(
        server.faultControl()
            ? "  faults:  POST " + server.faultsUrl() + "/<switch>   (GET it for the list)"
            : "  faults:  off (--fault-control turns them on)");
    out.println(
        "Publishing "
            + (options.rate() > 0
                ? BigDecimal.valueOf(options.rate()).stripTrailingZeros().toPlainString()
                    + " message(s) per second"
                : "nothing")
            + " by itself; a client without cursor "
            + (options.replay()
                ? "first gets the retained history (--replay)"
                : "starts at the live edge (--no-replay)"));
    if (!options.quiet()) {
      out.println(
          "One line per connection, poll, fault switched and message received follows"
              + " (--quiet turns them off)");
    }
    return new Running(server, publisher);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int integer(String v, String option) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, was '" + v + "'");
    }
  }

  private static double number(String v, String option) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, was '" + v + "'");
    }
  }

  /** {@code 15s}, {@code 500ms} or {@code 2.5} (seconds). */
  private static Duration duration(String v, String option) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        s = s.substring(0, s.length() - 1);
      }
      return Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a duration such as 15s or 500ms, was '" + v + "'");
    }
  }
}
