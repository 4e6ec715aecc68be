package io.tidings.testkit;

import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Subscribes and closes over and over against hostile loopback servers, then says whether threads
 * and open file descriptors came back to where they were: a third of the cycles close while the
 * connection is being made (the server accepts and never answers), a third during the backoff after
 * a {@code 500}, a third once open. Used by a test in {@code verify} (a few hundred cycles) and by
 * the benchmarks (a thousand). Not thread-safe: one run at a time per JVM.
 */
public final class LeakCycles {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final String ENVELOPE = "{\"id\":\"1\",\"type\":\"t\",\"data\":1}";

  /**
   * What a run left behind.
   *
   * @param transport the transport cycled
   * @param cycles subscribe/close cycles run
   * @param baselineFds open descriptors before the cycles (after the servers started and one
   *     warm-up cycle of each kind), -1 when the platform does not say
   * @param fdsAfter open descriptors once settled (after the servers closed, so compare with {@code
   *     baselineFds} minus the servers' own)
   * @param serverFds descriptors the servers' own listening sockets hold
   * @param threadsLeft names of the Tidings and OkHttp threads still alive once settled
   * @param elapsed time the cycles took
   */
  public record Result(
      String transport,
      int cycles,
      long baselineFds,
      long fdsAfter,
      long serverFds,
      List<String> threadsLeft,
      Duration elapsed) {
    /** True when no thread is left and descriptors are back to the baseline (or not known). */
    public boolean clean() {
      return threadsLeft.isEmpty() && (baselineFds < 0 || fdsAfter <= baselineFds - serverFds);
    }
  }

  private LeakCycles() {}

  /**
   * Runs {@code cycles} cycles over {@code transport} ({@code sse}, {@code websocket}, {@code
   * shortpoll} or {@code longpoll}), then waits up to {@code settle} for threads and descriptors to
   * come back.
   */
  public static Result run(String transport, int cycles, Duration settle) throws Exception {
    long before = openFds();
    ScriptedHttpServer hold = new ScriptedHttpServer();
    ScriptedHttpServer failing = new ScriptedHttpServer();
    ScriptedHttpServer good = new ScriptedHttpServer();
    hold.answer(ScriptedHttpServer.HOLD);
    failing.answer("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");
    good.respond(goodAnswer(transport));
    long serverFds = before < 0 ? 0 : openFds() - before;
    long baseline;
    long start;
    try {
      // One cycle of each kind first, so that classes and jars loaded on first use are loaded
      // (a jar the class loader opens stays open) before the baseline is taken.
      cycle(transport, hold, null);
      cycle(transport, failing, SubscriptionState.RECONNECTING);
      cycle(transport, good, SubscriptionState.OPEN);
      Await.within(() -> threadsLeft().isEmpty(), settle);
      baseline = openFds();
      start = System.nanoTime();
      for (int i = 0; i < cycles; i++) {
        switch (i % 3) {
          case 0:
            cycle(transport, hold, null);
            break;
          case 1:
            cycle(transport, failing, SubscriptionState.RECONNECTING);
            break;
          default:
            cycle(transport, good, SubscriptionState.OPEN);
        }
      }
    } finally {
      hold.close();
      failing.close();
      good.close();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long target = baseline - serverFds;
    Await.within(() -> threadsLeft().isEmpty() && (baseline < 0 || openFds() <= target), settle);
    return new Result(transport, cycles, baseline, openFds(), serverFds, threadsLeft(), elapsed);
  }

  private static void cycle(String transport, ScriptedHttpServer server, SubscriptionState wait)
      throws InterruptedException {
    String url = server.url("/feed");
    if (transport.equals("websocket")) {
      url = "ws" + url.substring(4);
    }
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .transport(transport)
            .url(url)
            .reconnectPolicy(
                ReconnectPolicy.exponentialBackoff()
                    .initialDelay(Duration.ofSeconds(30))
                    .maxDelay(Duration.ofSeconds(30))
                    .build())
            .build();
    Subscription sub = Tidings.subscribe(config, m -> {});
    try {
      if (wait == null) {
        int seen = server.requests().size();
        Await.within(() -> server.requests().size() > seen, Duration.ofSeconds(30));
      } else if (!sub.awaitState(wait, Duration.ofSeconds(30))) {
        throw new IllegalStateException(
            transport + ": the subscription did not reach " + wait + "; it is " + sub.state());
      }
    } finally {
      sub.close();
    }
  }

  private static ScriptedHttpServer.Responder goodAnswer(String transport) {
    switch (transport) {
      case "sse":
        return (head, in, out) -> {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nid: 1\ndata: 1\n\n")
                  .getBytes(StandardCharsets.UTF_8));
          out.flush();
          ScriptedHttpServer.drain(in);
        };
      case "websocket":
        return (head, in, out) -> {
          String key = header(head, "sec-websocket-key");
          String accept =
              Base64.getEncoder()
                  .encodeToString(
                      MessageDigest.getInstance("SHA-1")
                          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
          out.write(
              ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                      + accept
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          // Answer the client's close frame, so its close() is prompt; ignore the rest.
          while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
              return;
            }
            int len = b1 & 0x7F;
            if (len == 126) {
              len = (in.read() << 8) | in.read();
            }
            in.readNBytes(4 + len);
            if ((b0 & 0x0F) == 8) {
              out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
              out.flush();
              return;
            }
          }
        };
      default:
        String body = "[" + ENVELOPE + "]";
        return (head, in, out) ->
            out.write(
                ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body)
                    .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new IllegalStateException("No " + name + " in " + head);
  }

  /** Open file descriptors of this process ({@code /proc/self/fd}), or -1 when unknown. */
  public static long openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /**
   * Names of live threads that Tidings started, and of OkHttp dispatcher threads (non-daemon, named
   * {@code OkHttp …}). OkHttp's process-wide task runner threads and Okio's watchdog are daemons
   * shared by every client in the JVM that idle out on their own a minute after their last task, so
   * they are left out.
   */
  public static List<String> threadsLeft() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(
            t ->
                t.getName().startsWith("tidings-")
                    || (!t.isDaemon() && t.getName().startsWith("OkHttp")))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }
}
