package io.tidings.benchmarks;

import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The reconnect storm: N SSE subscriptions hold a stream each from a loopback server, which then
 * "restarts" (drops every connection, refuses new ones for a while, then listens again on the same
 * port). Prints when the subscriptions came back: the largest share that reconnected within any 100
 * ms, the spread from the first to the last, and its quartiles, with the default reconnect policy
 * (initial delay 500 ms, jitter 0.5, multiplier 2) unless {@code --jitter} says otherwise.
 *
 * <p>{@code java -cp benchmarks/target/tidings-benchmarks.jar io.tidings.benchmarks.StormRun
 * [--subscriptions=500] [--down=2000] [--jitter=0.5]}
 */
public final class StormRun {
  /** The window the largest share is counted in. */
  static final Duration WINDOW = Duration.ofMillis(100);

  private StormRun() {}

  /** A loopback SSE server that can drop everyone and come back on the same port. */
  static final class RestartingServer implements AutoCloseable {
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<Long> acceptedAtNanos = new CopyOnWriteArrayList<>();
    private volatile ServerSocket serverSocket;

    RestartingServer() throws IOException {
      serverSocket = bind(0);
      port = serverSocket.getLocalPort();
      listen(serverSocket);
    }

    String url() {
      return "http://127.0.0.1:" + port + "/events";
    }

    private static ServerSocket bind(int port) throws IOException {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
      return s;
    }

    private void listen(ServerSocket listening) {
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  Socket s;
                  try {
                    s = listening.accept();
                  } catch (IOException e) {
                    return;
                  }
                  acceptedAtNanos.add(System.nanoTime());
                  sockets.add(s);
                  Thread c = new Thread(() -> serve(s), "storm-connection");
                  c.setDaemon(true);
                  c.start();
                }
              },
              "storm-accept");
      t.setDaemon(true);
      t.start();
    }

    private static void serve(Socket s) {
      try {
        InputStream in = s.getInputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        OutputStream out = s.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nid: 1\ndata: 1\n\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (in.read() >= 0) {
          // hold until either side closes
        }
      } catch (IOException e) {
        // dropped
      }
    }

    /** Drops every connection and stops listening. */
    void stop() throws IOException {
      serverSocket.close();
      for (Socket s : sockets) {
        s.close();
      }
      sockets.clear();
    }

    /** Listens again on the same port. */
    void start() throws IOException {
      serverSocket = bind(port);
      listen(serverSocket);
    }

    @Override
    public void close() throws IOException {
      stop();
    }
  }

  public static void main(String[] args) throws Exception {
    int n = 500;
    long downMillis = 2000;
    double jitter = ReconnectPolicy.DEFAULT_JITTER;
    for (String a : args) {
      if (a.startsWith("--subscriptions=")) {
        n = Integer.parseInt(a.substring(16));
      } else if (a.startsWith("--down=")) {
        downMillis = Long.parseLong(a.substring(7));
      } else if (a.startsWith("--jitter=")) {
        jitter = Double.parseDouble(a.substring(9));
      } else {
        throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    List<Subscription> subs = new ArrayList<>();
    try (RestartingServer server = new RestartingServer()) {
      SubscriptionConfig config =
          SubscriptionConfig.builder()
              .transport("sse")
              .url(server.url())
              .reconnectPolicy(ReconnectPolicy.exponentialBackoff().jitter(jitter).build())
              .build();
      for (int i = 0; i < n; i++) {
        subs.add(Tidings.subscribe(config, m -> {}));
      }
      int total = n;
      if (!Await.within(
          () -> subs.stream().allMatch(s -> s.state() == SubscriptionState.OPEN),
          Duration.ofMinutes(2))) {
        throw new IllegalStateException("not every subscription opened");
      }
      server.stop();
      long restartedAt = System.nanoTime();
      Thread.sleep(downMillis); // the outage being simulated, not a wait for an outcome
      int before = server.acceptedAtNanos.size();
      server.start();
      if (!Await.within(
          () -> subs.stream().allMatch(s -> s.state() == SubscriptionState.OPEN),
          Duration.ofMinutes(2))) {
        throw new IllegalStateException("not every subscription came back");
      }
      List<Long> back =
          new ArrayList<>(server.acceptedAtNanos.subList(before, server.acceptedAtNanos.size()));
      Collections.sort(back);
      int most = 0;
      for (int i = 0, j = 0; i < back.size(); i++) {
        while (back.get(i) - back.get(j) >= WINDOW.toNanos()) {
          j++;
        }
        most = Math.max(most, i - j + 1);
      }
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      System.out.printf(
          Locale.ROOT,
          "StormRun: %d SSE subscriptions, server down %d ms, jitter %.2f: %d reconnects after it"
              + " came back; largest share within any %d ms: %.1f%% (%d); first %d ms, median %d"
              + " ms, last %d ms after the drop; load average %.2f%n",
          total,
          downMillis,
          jitter,
          back.size(),
          WINDOW.toMillis(),
          100.0 * most / total,
          most,
          millis(back.get(0) - restartedAt),
          millis(back.get(back.size() / 2) - restartedAt),
          millis(back.get(back.size() - 1) - restartedAt),
          load);
    } finally {
      subs.forEach(Subscription::close);
    }
  }

  private static long millis(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }
}
