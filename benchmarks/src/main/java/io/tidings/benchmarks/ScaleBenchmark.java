package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many idle subscriptions in one JVM: for each JDK, transport and count N, N idle subscriptions
 * through Tidings and then the same N streams through raw OkHttp ({@link ScaleClients}), each row
 * in a fresh JVM, against one reference server ({@code ReferenceServerMain}) in a process of its
 * own, so that its threads and memory are not counted. Per row: platform threads, heap after a full
 * GC and resident set size added per subscription, time to open all (each has received the feed's
 * history of one message) and to close all ({@code close()} one after the other), fan-out latency
 * of one published message to all N (publish to delivery, p50/p99/max), and threads and sockets
 * left after closing. Writes {@code scale.json}, {@code scale.md} and PNG charts to {@code --out}.
 *
 * <p>Run: {@code java -cp benchmarks/target/tidings-benchmarks.jar
 * io.tidings.benchmarks.ScaleBenchmark --jdks=<jdk17 home>,<jdk25 home>}; {@code --help} lists the
 * options ({@link ScaleOptions#USAGE}). Exits with status 1 when a Tidings row is incomplete.
 */
public final class ScaleBenchmark {
  static final String ROW_PREFIX = "SCALE-ROW ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScaleBenchmark() {}

  /**
   * Runs the benchmark, or with {@code --worker} one row of it.
   *
   * @param args {@link ScaleOptions#USAGE}
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--worker")) {
      ScaleRow row = Worker.fromArgs(Arrays.copyOfRange(args, 1, args.length)).run();
      System.out.println(ROW_PREFIX + JSON.writeValueAsString(row));
      System.exit(0);
      return;
    }
    if (OptionArgs.isHelp(args)) {
      System.out.println(ScaleOptions.USAGE);
      return;
    }
    ScaleOptions options;
    try {
      options = ScaleOptions.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    ScaleReport report = run(options, System.out);
    System.out.println(report.markdown());
    System.out.println("Written to " + options.out().toAbsolutePath());
    System.exit(report.tidingsComplete() ? 0 : 1);
  }

  /** Runs every row against one server process, writes the report files, returns the report. */
  static ScaleReport run(ScaleOptions options, PrintStream out) throws Exception {
    double loadBefore = loadAverage();
    long started = System.currentTimeMillis();
    List<ScaleRow> rows = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(out)) {
      server.publish("{\"type\":\"tick\",\"data\":{\"probe\":0}}"); // the history new clients get
      out.printf(Locale.ROOT, "Reference server %s (own process)%n", server.feedUrl);
      for (String jdk : options.jdks()) {
        for (String transport : options.transports()) {
          for (int n : options.counts()) {
            for (String client : List.of("tidings", "raw")) {
              Worker w =
                  new Worker(
                      transport,
                      client,
                      n,
                      server.feedUrl,
                      server.publishUrl,
                      options.timeout(),
                      options.shortPollInterval());
              ScaleRow row = options.inline() ? w.run() : w.runIn(jdk, options.heap(), out);
              rows.add(row);
              out.printf(
                  Locale.ROOT,
                  "JDK %d %-9s %-7s N=%-6d open %7.2f s close %6.2f s threads/sub %.2f heap/sub"
                      + " %6.1f KB rss/sub %6.1f KB fan-out p50 %.1f ms max %.1f ms%s%n",
                  row.jdk(),
                  row.transport(),
                  row.client(),
                  row.n(),
                  row.openMillis() / 1e3,
                  row.closeMillis() / 1e3,
                  row.threadsPerSubscription(),
                  row.heapBytesPerSubscription() / 1024,
                  row.rssBytesPerSubscription() / 1024,
                  row.fanOutP50Micros() / 1e3,
                  row.fanOutMaxMicros() / 1e3,
                  row.complete()
                      ? ""
                      : " INCOMPLETE ("
                          + row.listening()
                          + " listening, "
                          + row.fannedOut()
                          + " fanned out)");
            }
          }
        }
      }
    }
    ScaleReport report =
        new ScaleReport(
            rows,
            loadBefore,
            loadAverage(),
            Runtime.getRuntime().availableProcessors(),
            System.currentTimeMillis() - started);
    report.write(options.out());
    return report;
  }

  /** The 1-minute load average, or -1 where the OS does not say. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** One row: opens, measures, fans out, closes. */
  static final class Worker {
    private final String transport;
    private final String client;
    private final int n;
    private final String url;
    private final String publishUrl;
    private final Duration timeout;
    private final Duration shortPollInterval;

    Worker(
        String transport,
        String client,
        int n,
        String url,
        String publishUrl,
        Duration timeout,
        Duration shortPollInterval) {
      this.transport = transport;
      this.client = client;
      this.n = n;
      this.url = url;
      this.publishUrl = publishUrl;
      this.timeout = timeout;
      this.shortPollInterval = shortPollInterval;
    }

    static Worker fromArgs(String[] args) {
      return new Worker(
          args[0],
          args[1],
          Integer.parseInt(args[2]),
          args[3],
          args[4],
          Duration.ofMillis(Long.parseLong(args[5])),
          Duration.ofMillis(Long.parseLong(args[6])));
    }

    /** Runs this row in a fresh JVM of {@code javaHome}; its output is passed on. */
    ScaleRow runIn(String javaHome, String heap, PrintStream out)
        throws IOException, InterruptedException {
      List<String> cmd =
          List.of(
              Path.of(javaHome, "bin", "java").toString(),
              "-Xmx" + heap,
              "-Xms" + heap,
              "-XX:+AlwaysPreTouch", // the heap is resident from the start: RSS moves by native
              // memory
              "-XX:+UseG1GC",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              "-cp",
              System.getProperty("java.class.path"),
              ScaleBenchmark.class.getName(),
              "--worker",
              transport,
              client,
              Integer.toString(n),
              url,
              publishUrl,
              Long.toString(timeout.toMillis()),
              Long.toString(shortPollInterval.toMillis()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      ScaleRow row = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith(ROW_PREFIX)) {
            row = JSON.readValue(line.substring(ROW_PREFIX.length()), ScaleRow.class);
          } else {
            out.println("  | " + line);
          }
        }
      }
      int status = p.waitFor();
      if (row == null) {
        throw new IllegalStateException(
            "The row's JVM ("
                + transport
                + ", "
                + client
                + ", N="
                + n
                + ") exited with "
                + status
                + " and no result");
      }
      return row;
    }

    /** Runs this row in this JVM. */
    ScaleRow run() throws Exception {
      double load = loadAverage();
      Meter before = Meter.read(false); // before anything of the client exists
      ScaleClients.Raw raw = client.equals("raw") ? new ScaleClients.Raw() : null;
      // One client first, unmeasured: the shared parts (Tidings' runtime, OkHttp's client and
      // connection pool, class initialisation) are in the baseline, so that the rows show what
      // one more subscription costs.
      ScaleSink.Progress warm = new ScaleSink.Progress(UUID.randomUUID().toString());
      ScaleClients.Client warmup = open(raw, "scale-warmup", new ScaleSink(warm));
      if (!warm.await(warm.listening, 1, timeout.toNanos())) {
        throw new IllegalStateException("the warm-up client did not receive the feed's history");
      }
      Meter base = Meter.read(true);

      String marker = "fanout-" + UUID.randomUUID();
      ScaleSink.Progress progress = new ScaleSink.Progress(marker);
      List<ScaleSink> sinks = new ArrayList<>(n);
      List<ScaleClients.Client> clients = new ArrayList<>(n);
      long openStart = System.nanoTime();
      for (int i = 0; i < n; i++) {
        ScaleSink sink = new ScaleSink(progress);
        sinks.add(sink);
        clients.add(open(raw, "scale-" + i, sink));
      }
      progress.await(progress.listening, n, timeout.toNanos());
      long openNanos = System.nanoTime() - openStart;
      int listening = progress.listening.get();
      Meter idle = Meter.read(true);

      long published = System.nanoTime();
      publish(publishUrl, "{\"type\":\"tick\",\"data\":{\"scale\":\"" + marker + "\"}}");
      progress.await(progress.fannedOut, n, timeout.toNanos());
      long[] latencies =
          sinks.stream()
              .mapToLong(ScaleSink::fanOutNanos)
              .filter(t -> t != 0)
              .map(t -> Math.max(0, t - published) / 1000)
              .sorted()
              .toArray();

      long closeStart = System.nanoTime();
      for (ScaleClients.Client c : clients) {
        c.close();
      }
      long closeNanos = System.nanoTime() - closeStart;
      warmup.close();
      if (raw != null) {
        raw.close();
      }
      clients.clear();
      Meter after = Meter.awaitAtMost(before, Duration.ofSeconds(30));
      return new ScaleRow(
          Runtime.version().feature(),
          transport,
          client,
          n,
          listening,
          TimeUnit.NANOSECONDS.toMillis(openNanos),
          TimeUnit.NANOSECONDS.toMillis(closeNanos),
          (idle.threads - base.threads) / (double) n,
          (idle.heapBytes - base.heapBytes) / (double) n,
          // Native memory added (the heap is pre-touched in a row's JVM) plus heap added.
          (idle.rssBytes - base.rssBytes + idle.heapBytes - base.heapBytes) / (double) n,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99),
          latencies.length == 0 ? -1 : latencies[latencies.length - 1],
          latencies.length,
          Math.max(0, after.threads - before.threads),
          Math.max(0, after.sockets - before.sockets),
          load);
    }

    private ScaleClients.Client open(ScaleClients.Raw raw, String name, ScaleSink sink) {
      return raw == null
          ? ScaleClients.tidings(name, transport, url, shortPollInterval, sink)
          : raw.open(transport, url, shortPollInterval, sink);
    }
  }

  /** The value at {@code q} of sorted {@code values}, or -1 when empty. */
  static long percentile(long[] values, double q) {
    if (values.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(q * values.length) - 1;
    return values[Math.max(0, Math.min(values.length - 1, i))];
  }

  /** POSTs {@code json} and closes the connection (so no socket of it is left). */
  static void publish(String publishUrl, String json) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(publishUrl).openConnection();
    try {
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Connection", "close");
      try (OutputStream o = c.getOutputStream()) {
        o.write(json.getBytes(StandardCharsets.UTF_8));
      }
      if (c.getResponseCode() != 200) {
        throw new IOException("publish answered HTTP " + c.getResponseCode());
      }
      c.getInputStream().readAllBytes();
    } finally {
      c.disconnect();
    }
  }

  /** Threads, heap, RSS and sockets of this process at one moment. */
  static final class Meter {
    final int threads;
    final long heapBytes;
    final long rssBytes;
    final int sockets;

    private Meter(int threads, long heapBytes, long rssBytes, int sockets) {
      this.threads = threads;
      this.heapBytes = heapBytes;
      this.rssBytes = rssBytes;
      this.sockets = sockets;
    }

    /** Platform threads (virtual ones are not counted by the MXBean), heap, RSS, sockets. */
    static Meter read(boolean gc) {
      if (gc) {
        for (int i = 0; i < 3; i++) {
          System.gc(); // heap after a full collection: what is live, not what awaits collection
        }
      }
      return new Meter(
          ManagementFactory.getThreadMXBean().getThreadCount(),
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
          rss(),
          sockets());
    }

    /** Reads until threads and sockets are no more than {@code baseline}'s, or the time is up. */
    static Meter awaitAtMost(Meter baseline, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      Meter m = read(false);
      while ((m.threads > baseline.threads || m.sockets > baseline.sockets)
          && System.nanoTime() < deadline) {
        CompletableFuture<Void> tick = new CompletableFuture<>();
        try {
          tick.get(50, TimeUnit.MILLISECONDS); // a polling period, not a wait for an outcome
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // the period passed
        }
        m = read(false);
      }
      return m;
    }

    private static long rss() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // not Linux
      }
      return -1;
    }

    private static int sockets() {
      int count = 0;
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
        for (Path fd : fds) {
          try {
            if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
              count++;
            }
          } catch (IOException e) {
            // closed meanwhile
          }
        }
      } catch (IOException e) {
        return -1;
      }
      return count;
    }
  }

  /** The reference server in a process of its own, on a free port, with a history of one. */
  static final class ServerProcess implements AutoCloseable {
    final String feedUrl;
    final String publishUrl;
    private final Process process;

    private ServerProcess(Process process, String feedUrl, String publishUrl) {
      this.process = process;
      this.feedUrl = feedUrl;
      this.publishUrl = publishUrl;
    }

    static ServerProcess start(PrintStream out) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx4g", // 10,000 parked long polls need more than 1 GB in Jetty
                  "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.tidings.testkit.ReferenceServerMain",
                  "--port",
                  "0",
                  "--rate",
                  "0",
                  "--history",
                  "1",
                  "--replay", // a client without cursor gets the history: that marks it listening
                  "--quiet") // no line per connection, since nothing reads them after the banner
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String feed = null;
      String publish = null;
      String line;
      StringBuilder seen = new StringBuilder();
      while ((publish == null || feed == null) && (line = r.readLine()) != null) {
        seen.append(line).append('\n');
        String t = line.trim();
        if (t.startsWith("feed:")) {
          feed = t.split("\\s+")[1];
        } else if (t.startsWith("publish:")) {
          publish = t.split("\\s+")[2];
        }
      }
      if (feed == null || publish == null) {
        p.destroyForcibly();
        throw new IOException("The reference server did not start:\n" + seen);
      }
      Thread drain =
          new Thread(
              () -> {
                try {
                  String l;
                  while ((l = r.readLine()) != null) {
                    out.println("  server | " + l);
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "scale-server-output");
      drain.setDaemon(true);
      drain.start();
      return new ServerProcess(p, feed, publish);
    }

    void publish(String json) throws IOException {
      ScaleBenchmark.publish(publishUrl, json);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy(); // SIGTERM: its shutdown hook stops the server
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static String classPathOf(Class<?> c) {
    return new File(c.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
  }
}
