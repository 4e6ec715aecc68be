package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.MessageFormat;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.testkit.Await;
import io.tidings.testkit.ChildJvm;
import io.tidings.testkit.ScriptedHttpServer;
import io.tidings.testkit.junit.RecordingListener;
import io.tidings.testkit.junit.RecordingListener.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSE against a server that sends bytes no honest server would (issue 18). */
class SseHostileServerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static final String TOKEN = "tok-3x4mpl3-s3cr3t";

  private MockWebServer server;
  private Subscription sub;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    if (sub != null) {
      sub.close();
    }
    server.close();
  }

  private SubscriptionConfig.Builder config() {
    return SubscriptionConfig.builder().transport("sse").url(server.url("/events").uri());
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String) {
        out.writeBytes(((String) p).getBytes(StandardCharsets.UTF_8));
      } else {
        out.writeBytes((byte[]) p);
      }
    }
    return out.toByteArray();
  }

  private void serve(byte[] body, int chunk) {
    Buffer b = new Buffer().write(body);
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .chunkedBody(b, chunk)
            .build());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"FF FE", "C0 AF", "ED A0 80", "F4 90 80 80", "E2 82", "80"})
  void invalidUtf8IsReportedAndTheStreamGoesOn(String hex) throws Exception {
    String[] parts = hex.split(" ");
    byte[] bad = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bad[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    serve(bytes("id: 1\ndata: {\"s\":\"", bad, "\"}\n\n", "id: 2\ndata: {\"s\":\"ok\"}\n\n"), 7);
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().build(), listener);
    DecodeException e = listener.assertNextError(DecodeException.class, WAIT);
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    assertEquals("2", listener.assertNextMessage(WAIT).id());
    assertTrue(listener.messages().stream().noneMatch(m -> m.data().contains("\uFFFD")));
  }

  @Test
  void aCharacterSplitAcrossTcpWritesArrivesWhole() throws Exception {
    // "é€😀" split one byte per chunk: every character spans two or more writes.
    serve(bytes("id: 1\ndata: {\"s\":\"é€😀\"}\n\n"), 1);
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().build(), listener);
    assertEquals("{\"s\":\"é€😀\"}", listener.assertNextMessage(WAIT).data());
    assertTrue(
        listener.errors().stream().noneMatch(e -> e instanceof DecodeException),
        listener.errors().toString());
  }

  @Test
  void aValidReplacementCharacterIsNotAnError() throws Exception {
    serve(bytes("id: 1\ndata: {\"s\":\"\uFFFD\"}\n\n"), 3);
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().build(), listener);
    assertEquals("{\"s\":\"\uFFFD\"}", listener.assertNextMessage(WAIT).data());
    assertTrue(listener.errors().stream().noneMatch(e -> e instanceof DecodeException));
  }

  @Test
  void eventsOfManyMegabytesWithABlockedListenerStayWithinASmallHeap() throws Exception {
    ChildJvm.Result r = ChildJvm.run(BigEvents.class, "64m", List.of(), Duration.ofMinutes(3));
    assertTrue(r.passed(), "child JVM failed (exit " + r.exitCode() + "):\n" + r.output());
  }

  @Test
  void noSecretReachesAnyLogLineEvenAtDebug() throws Exception {
    ChildJvm.Result r =
        ChildJvm.run(
            SecretsInLogs.class,
            "256m",
            List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"),
            Duration.ofMinutes(2));
    assertTrue(r.passed(), "child JVM failed (exit " + r.exitCode() + "):\n" + r.output());
    assertTrue(r.output().contains("DEBUG"), "debug logging was on:\n" + r.output());
    assertFalse(r.output().contains(TOKEN), r.output());
    assertFalse(r.output().contains("hunter22"), r.output());
  }

  /**
   * 40 events of 6 MiB (240 MiB in all) to a listener that blocks until the reader is paused by the
   * byte-bounded queue: with the queue bounded by count only (1024), they would all be queued.
   */
  public static final class BigEvents {
    static final int EVENTS = 40;
    static final int SIZE = 6 << 20;

    public static void main(String[] args) throws Exception {
      AtomicInteger written = new AtomicInteger();
      try (MockWebServer server = new MockWebServer()) {
        server.setDispatcher(
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                    .setHeader("Content-Type", "text/event-stream")
                    .body(new Big(written))
                    .build();
              }
            });
        server.start();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(EVENTS);
        SubscriptionConfig config =
            SubscriptionConfig.builder()
                .transport("sse")
                .format(MessageFormat.RAW)
                .url(server.url("/events").uri())
                .build();
        try (Subscription sub =
            Tidings.subscribe(
                config,
                m -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  if (m.size() != SIZE) {
                    throw new AssertionError("size " + m.size());
                  }
                  received.incrementAndGet();
                  all.countDown();
                })) {
          // The reader thread ends up waiting for room in the queue (back-pressure in bytes).
          Await.until(
              () -> readerWaits(),
              Duration.ofMinutes(2),
              "the reader to wait for room in the queue");
          int queued = sub.stats().queued();
          if (queued > 3) {
            throw new AssertionError(queued + " events of 6 MiB queued; the byte bound is 16 MiB");
          }
          release.countDown();
          if (!all.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new AssertionError("received " + received.get());
          }
          if (sub.state() != SubscriptionState.OPEN && sub.state() != SubscriptionState.CLOSED) {
            throw new AssertionError(sub.state().toString());
          }
        }
      }
      System.out.println(ChildJvm.PASSED);
    }

    private static boolean readerWaits() {
      return Thread.getAllStackTraces().entrySet().stream()
          .anyMatch(
              e ->
                  e.getKey().getName().contains("-io-")
                      && e.getKey().getState() == Thread.State.WAITING
                      && java.util.Arrays.stream(e.getValue())
                          .anyMatch(f -> f.getMethodName().equals("awaitSpace")));
    }
  }

  /** 40 events of 6 MiB written from one small buffer. */
  static final class Big implements MockResponseBody {
    private final AtomicInteger written;

    Big(AtomicInteger written) {
      this.written = written;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      byte[] line = new byte[64 * 1024];
      java.util.Arrays.fill(line, (byte) 'x');
      for (int e = 0; e < BigEvents.EVENTS; e++) {
        sink.writeUtf8("id: " + e + "\ndata: ");
        for (int i = 0; i < BigEvents.SIZE / line.length; i++) {
          sink.write(line);
        }
        sink.writeUtf8("\n\n");
        sink.flush();
        written.incrementAndGet();
      }
    }
  }

  /**
   * User info, a query token and a secret header, with a server that echoes the token in its status
   * reason and its events: nothing of them may reach a log line at DEBUG.
   */
  public static final class SecretsInLogs {
    public static void main(String[] args) throws Exception {
      try (ScriptedHttpServer server = new ScriptedHttpServer()) {
        server.answer(
            "HTTP/1.1 503 Busy "
                + TOKEN
                + "\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        server.answer(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                + "id: 1\ndata: {\"n\":1}\n\nid: 2\ndata: {\"n\":2}\n\n");
        server.answer(ScriptedHttpServer.HOLD);
        String url =
            "http://someone:hunter22@127.0.0.1:" + server.port() + "/events?token=" + TOKEN;
        RecordingListener listener = new RecordingListener().skip(Kind.STATE);
        try (Subscription sub =
            Tidings.subscribe(
                SubscriptionConfig.builder()
                    .transport("sse")
                    .url(url)
                    .header("X-Feed-Key", TOKEN)
                    .redactedHeaders(java.util.Set.of("X-Feed-Key"))
                    .reconnectPolicy(
                        io.tidings.ReconnectPolicy.exponentialBackoff()
                            .initialDelay(Duration.ofMillis(10))
                            .build())
                    .build(),
                listener)) {
          io.tidings.TidingsException e =
              listener.assertNextError(io.tidings.HttpStatusException.class, WAIT);
          if (e.getMessage().contains(TOKEN) || e.toString().contains(TOKEN)) {
            throw new AssertionError("the token is in the exception");
          }
          listener.assertNextMessageIds(List.of("1", "2"), WAIT);
          System.out.println("DEBUG marker: " + sub);
        }
      }
      System.out.println(ChildJvm.PASSED);
    }
  }
}
