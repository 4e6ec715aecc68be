package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.TidingsException;
import io.tidings.spi.Frame;
import io.tidings.spi.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 18's core defects: byte-bounded queue, wrong-typed ids, failed tasks, redaction. */
class ReliabilityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TOKEN = "s3cr3t-t0ken-42";

  private final FakeTransport transport = new FakeTransport();
  private final Recorder recorder = new Recorder();
  private Subscription sub;

  @AfterEach
  void closeSubscription() {
    if (sub != null) {
      sub.close();
    }
  }

  private static SubscriptionConfig.Builder config() {
    return SubscriptionConfig.builder()
        .url("http://localhost:1/events?token=" + TOKEN)
        .transport("fake")
        .header("Authorization", "Bearer " + TOKEN)
        .reconnectPolicy(
            ReconnectPolicy.exponentialBackoff()
                .initialDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(50))
                .build());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      // Core's tests cannot use the testkit's Await (it depends on core): the same bounded check.
      java.util.concurrent.locks.LockSupport.parkNanos(Math.min(left, 5_000_000L));
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for " + what);
      }
    }
  }

  @Test
  void theDeliveryQueueIsBoundedInBytesNotOnlyInMessages() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
    SubscriptionListener blocked =
        m -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          got.add(m);
        };
    sub =
        SubscriptionEngine.start(
            config().format(MessageFormat.RAW).deliveryQueueBytes(1000).build(),
            blocked,
            transport.registry());
    FakeConnection c = transport.nextConnection(WAIT).open();
    String payload = "x".repeat(300);
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < 50; i++) {
                c.listener.onFrame(Frame.text(payload));
              }
            },
            "test-producer");
    producer.start();
    // The producer must end up waiting for room: 1000 bytes hold 4 messages of 300 (the 4th
    // overshoots), and one more is taken by the blocked listener. Counted in messages only
    // (capacity 1024), all 50 would be queued and the producer would finish.
    await(
        () -> waitsForRoom(producer) || producer.getState() == Thread.State.TERMINATED,
        "the producer to block or finish");
    assertTrue(waitsForRoom(producer), "the producer was never paused");
    int queued = sub.stats().queued();
    assertTrue(queued <= 4, queued + " messages of 300 bytes queued with a 1000-byte bound");
    release.countDown();
    producer.join(WAIT.toMillis());
    for (int i = 0; i < 50; i++) {
      assertTrue(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) != null, "message " + i);
    }
  }

  @Test
  void theReorderBufferIsBoundedInBytesToo() throws Exception {
    sub =
        SubscriptionEngine.start(
            config()
                .orderingPolicy(io.tidings.OrderingPolicy.ordered(10_000, Duration.ofHours(1)))
                .deliveryQueueBytes(1000)
                .build(),
            recorder,
            transport.registry());
    FakeConnection c = transport.nextConnection(WAIT).open();
    String data = "\"" + "x".repeat(300) + "\"";
    c.listener.onFrame(Frame.text("{\"id\":\"1\",\"seq\":1,\"data\":1}"));
    // 2 never comes. Held by count alone (limit 10 000) and the gap timeout (an hour), 3..8 would
    // wait; 1000 bytes of early messages hold three of about 300.
    for (int seq = 3; seq <= 8; seq++) {
      c.listener.onFrame(
          Frame.text("{\"id\":\"" + seq + "\",\"seq\":" + seq + ",\"data\":" + data + "}"));
    }
    assertEquals("1", recorder.nextMessage().id());
    io.tidings.Gap gap = recorder.nextGap();
    assertEquals(io.tidings.Gap.Reason.BUFFER_FULL, gap.reason());
    assertEquals(2, gap.firstMissing().getAsLong());
    recorder.assertNextMessages("3", "4", "5", "6", "7", "8");
  }

  private static boolean waitsForRoom(Thread t) {
    return t.getState() == Thread.State.WAITING
        && java.util.Arrays.stream(t.getStackTrace())
            .anyMatch(f -> f.getMethodName().equals("awaitUninterruptibly"));
  }

  @Test
  void envelopesWithWrongTypedIdsAreDecodeErrorsAndNothingIsDroppedAsADuplicate() {
    FrameDecoder d = new FrameDecoder(Json.mapper(), MessageFormat.JSON, 1 << 20, "fake");
    for (String bad :
        List.of(
            "{\"id\":{\"x\":1},\"data\":1}",
            "{\"id\":[1],\"data\":1}",
            "{\"id\":true,\"data\":1}",
            "{\"id\":1.5,\"data\":1}",
            "{\"id\":\"1\",\"type\":{\"t\":1},\"data\":1}")) {
      DecodeException e =
          assertThrows(DecodeException.class, () -> d.decode(Frame.text(bad), 0), bad);
      assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }
    assertEquals("7", ((Message) d.decode(Frame.text("{\"id\":7,\"data\":1}"), 0)).id());
  }

  @Test
  void aWrongTypedIdIsReportedAndTheNextMessageStillArrives() throws Exception {
    sub = SubscriptionEngine.start(config().build(), recorder, transport.registry());
    FakeConnection c = transport.nextConnection(WAIT).open();
    c.listener.onFrame(Frame.text("{\"id\":{\"x\":1},\"data\":1}"));
    c.listener.onFrame(Frame.text("{\"id\":{\"y\":2},\"data\":2}"));
    c.message("3");
    assertInstanceOf(DecodeException.class, recorder.nextError());
    assertInstanceOf(DecodeException.class, recorder.nextError());
    assertEquals("3", recorder.nextMessage().id());
  }

  @Test
  void anErrorThrownByANetworkTaskEndsTheConnectionAtOnce() throws Exception {
    // The stall timeout is far away: only the task's failure can end the connection in time.
    sub =
        SubscriptionEngine.start(
            config().stallTimeout(Duration.ofMinutes(10)).build(), recorder, transport.registry());
    FakeConnection first = transport.nextConnection(WAIT).open();
    transport
        .lastContext
        .executor()
        .execute(
            () -> {
              throw new OutOfMemoryError("Java heap space (simulated)");
            });
    TidingsException e = recorder.nextError();
    assertInstanceOf(ConnectionException.class, e);
    assertTrue(e.getMessage().contains("OutOfMemoryError"), e.getMessage());
    first.awaitClosed(WAIT);
    transport.nextConnection(WAIT); // replaced
  }

  @Test
  void aTokenEchoedByTheServerIsInNoErrorMessageOrToString() throws Exception {
    sub = SubscriptionEngine.start(config().build(), recorder, transport.registry());
    FakeConnection c = transport.nextConnection(WAIT).open();
    c.listener.onError(
        new DecodeException("bad data near " + TOKEN, new java.io.IOException(TOKEN)));
    c.fail(new HttpStatusException(500, "HTTP 500 Bearer " + TOKEN + " from x", null));
    TidingsException error = recorder.nextError();
    assertClean(error);
    TidingsException status = recorder.nextError();
    assertInstanceOf(HttpStatusException.class, status);
    assertEquals(500, ((HttpStatusException) status).statusCode());
    assertClean(status);
    // A fatal status ends the subscription: the GaveUpException quotes it, redacted.
    transport.nextConnection(WAIT).fail(new HttpStatusException(401, "HTTP 401 " + TOKEN, null));
    Object closed = recorder.nextClosed();
    assertInstanceOf(GaveUpException.class, closed);
    assertClean((Throwable) closed);
    assertFalse(sub.toString().contains(TOKEN));
    assertFalse(sub.closed().toString().contains(TOKEN));
  }

  @Test
  void credentialsFromTheProviderAndTheCustomizerAreRedactedToo() throws Exception {
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    SubscriptionConfig cfg =
        config()
            .credentials(
                request ->
                    java.util.concurrent.CompletableFuture.completedFuture(
                        java.util.Map.of(
                            "X-Session",
                            "provider-session-" + asked.incrementAndGet(),
                            "Authorization",
                            "Bearer provider-bearer-77")))
            .requestCustomizer(
                (attempt, request) ->
                    request
                        .setQueryParameter("sig", "customizer-signature")
                        .setHeader("Cookie", "id=customizer-cookie"))
            .build();
    sub = SubscriptionEngine.start(cfg, recorder, transport.registry());
    FakeConnection first = transport.nextConnection(WAIT).open();
    io.tidings.spi.TransportContext context = transport.lastContext;
    assertEquals("provider-session-1", context.headers().get("X-Session"));
    Redactor redactor = context.redactor();
    for (String secret :
        List.of(
            "provider-session-1",
            "provider-bearer-77",
            "customizer-signature",
            "customizer-cookie")) {
      assertTrue(redactor.reveals(secret), secret);
    }
    first.fail(
        new HttpStatusException(
            500,
            "HTTP 500 provider-session-1 provider-bearer-77 customizer-signature"
                + " customizer-cookie",
            null));
    TidingsException status = recorder.nextError();
    for (String secret :
        List.of(
            "provider-session-1",
            "provider-bearer-77",
            "customizer-signature",
            "customizer-cookie")) {
      assertFalse(status.getMessage().contains(secret), status.getMessage());
    }
    // The next attempt has fresh credentials; a server echoing the previous ones still gets
    // nothing into an error.
    FakeConnection second = transport.nextConnection(WAIT).open();
    assertEquals("provider-session-2", transport.lastContext.headers().get("X-Session"));
    second.fail(
        new HttpStatusException(500, "HTTP 500 provider-session-1 provider-session-2", null));
    TidingsException again = recorder.nextError();
    assertFalse(again.getMessage().contains("provider-session"), again.getMessage());
  }

  private static void assertClean(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertFalse(String.valueOf(c.getMessage()).contains(TOKEN), c.toString());
      assertFalse(c.toString().contains(TOKEN), c.toString());
    }
  }

  @Test
  void theRedactorKnowsEverySecretTheSubscriptionSends() {
    SubscriptionConfig cfg =
        SubscriptionConfig.builder()
            .url("https://user:pa55word@example.com/feed?key=abcd1234&topic=x")
            .header("Cookie", "session=cookie-value-1; theme=dark")
            .header("X-Api-Key", "api-key-value")
            .redactedHeaders(java.util.Set.of("X-Api-Key"))
            .build();
    Redactor r = Redactor.of(cfg);
    String text =
        "pa55word abcd1234 cookie-value-1 api-key-value session=cookie-value-1; theme=dark";
    String redacted = r.redact(text);
    for (String secret : List.of("pa55word", "abcd1234", "cookie-value-1", "api-key-value")) {
      assertFalse(redacted.contains(secret), redacted);
    }
    assertEquals("plain text", r.redact("plain text"));
  }

  @Test
  void credentialsStayOnTheirOriginOnRedirects() {
    java.util.function.BiPredicate<String, String> same =
        (a, b) ->
            HttpClients.CredentialGuard.sameOrigin(okhttp3.HttpUrl.get(a), okhttp3.HttpUrl.get(b));
    assertTrue(same.test("https://a.example/x", "https://a.example/y"));
    assertTrue(same.test("http://a.example/x", "https://a.example/y")); // an upgrade
    assertFalse(same.test("https://a.example/x", "http://a.example/y")); // a downgrade
    assertFalse(same.test("https://a.example/x", "https://b.example/x"));
    assertFalse(same.test("https://a.example/x", "https://a.example:8443/x"));
  }
}
