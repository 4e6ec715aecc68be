package io.tidings.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every transport shares, checked once against the {@link ReferenceServer}. A
 * transport module's tests extend it and name their transport:
 *
 * <pre>{@code
 * class SseConformanceTest extends TransportConformanceTest {
 *   protected String transport() { return "sse"; }
 * }
 * }</pre>
 *
 * <p>Tests wait on conditions with deadlines, never on fixed sleeps. Timings are short (reconnects
 * in tens of milliseconds, stall timeouts of a second or two) so the suite runs in seconds.
 */
public abstract class TransportConformanceTest {
  /** How long any single expectation may take before the test fails. */
  protected static final Duration WAIT = Duration.ofSeconds(20);

  /** The server each test runs against; fresh per test. */
  protected ReferenceServer server;

  private final List<Subscription> subscriptions = new ArrayList<>();

  /** The name of the transport under test, as in {@code tidings.transport}. */
  protected abstract String transport();

  /** Adjusts the configuration every test starts from; the default returns it unchanged. */
  protected SubscriptionConfig.Builder configure(SubscriptionConfig.Builder builder) {
    return builder;
  }

  /** Adjusts the server every test starts; the default returns it unchanged. */
  protected ReferenceServer.Builder configure(ReferenceServer.Builder builder) {
    return builder;
  }

  /** The capabilities the transport's provider declares. */
  protected final Set<Capability> capabilities() {
    return ServiceLoader.load(TransportProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(transport()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("No transport named " + transport() + " on the class path"))
        .capabilities();
  }

  @BeforeEach
  void startServer() {
    server = configure(ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(500))).start();
  }

  @AfterEach
  void closeEverything() {
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
    if (server != null) {
      server.close();
    }
  }

  /** The configuration tests start from: fast reconnects, short polls and waits. */
  protected SubscriptionConfig.Builder config() {
    return configure(
        SubscriptionConfig.builder()
            .url(server.url())
            .transport(transport())
            .reconnectPolicy(
                ReconnectPolicy.exponentialBackoff()
                    .initialDelay(Duration.ofMillis(20))
                    .maxDelay(Duration.ofMillis(200))
                    .build())
            .stallTimeout(Duration.ofSeconds(5))
            .shortPollInterval(Duration.ofMillis(100))
            .longPollWait(Duration.ofSeconds(2)));
  }

  /** Subscribes; the subscription is closed after the test. */
  protected Subscription subscribe(SubscriptionConfig.Builder config, RecordingListener listener) {
    Subscription sub = Tidings.subscribe(config.build(), listener);
    subscriptions.add(sub);
    return sub;
  }

  /** Subscribes and waits until it is open. */
  protected Subscription subscribeOpen(
      SubscriptionConfig.Builder config, RecordingListener listener) throws InterruptedException {
    Subscription sub = subscribe(config, listener);
    assertTrue(
        sub.awaitState(SubscriptionState.OPEN, WAIT), () -> transport() + " did not open: " + sub);
    return sub;
  }

  private static List<String> ids(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.toList());
  }

  @Test
  void allMessagesArriveInOrder() throws Exception {
    RecordingListener recorder = new RecordingListener(WAIT);
    Subscription sub =
        subscribeOpen(config().orderingPolicy(OrderingPolicy.asReceived()), recorder);
    server.publish(500);
    recorder.assertNextMessageIds(ids(1, 500));
    recorder.assertExhausted();
    assertEquals(500, sub.stats().messages());
    assertEquals("500", sub.lastEventId().orElseThrow());
    assertEquals(transport(), sub.transport());
  }

  @Test
  void resumeAfterServerDropsLosesAndRepeatsNothing() throws Exception {
    server.faults().dropAfter(7); // every connection is cut after its 7th message
    RecordingListener recorder = new RecordingListener(WAIT);
    // as-received: no de-duplication to hide a resume that repeats messages
    Subscription sub =
        subscribeOpen(config().orderingPolicy(OrderingPolicy.asReceived()), recorder);
    // In rounds, so that on every transport a cut falls between rounds (a poll is cut after a
    // batch, a stream after its 7th message) and the next round must come through a resume.
    for (int round = 0; round < 5; round++) {
      server.publish(10);
      recorder.assertNextMessageIds(ids(round * 10 + 1, round * 10 + 10));
    }
    server.faults().clear();
    recorder.assertExhausted();
    assertTrue(sub.stats().reconnects() >= 1, () -> "no reconnect: " + sub.stats());
  }

  @Test
  void retryAfterIsRespected() throws Exception {
    server.faults().respond(503, 1, Duration.ofSeconds(1));
    RecordingListener recorder = new RecordingListener(WAIT);
    subscribeOpen(config(), recorder);
    List<RecordedRequest> requests = server.requests(transport());
    assertTrue(requests.size() >= 2, () -> "requests: " + requests);
    assertEquals(503, requests.get(0).status());
    long waited = requests.get(1).nanoTime() - requests.get(0).nanoTime();
    assertTrue(
        waited >= Duration.ofSeconds(1).toNanos(),
        () -> "reconnected after " + waited / 1_000_000 + " ms despite Retry-After: 1");
    HttpStatusException e = recorder.assertNextError(HttpStatusException.class);
    assertEquals(503, e.statusCode());
  }

  @Test
  void unauthorizedEndsTheSubscription() throws Exception {
    server.faults().respond(401, Integer.MAX_VALUE);
    RecordingListener recorder = new RecordingListener(WAIT);
    Subscription sub = subscribe(config(), recorder);
    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, recorder.awaitClosed());
    HttpStatusException cause = assertInstanceOf(HttpStatusException.class, gaveUp.getCause());
    assertEquals(401, cause.statusCode());
    ExecutionException closed =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () -> sub.closed().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(GaveUpException.class, closed.getCause());
    assertEquals(SubscriptionState.CLOSED, sub.state());
    assertEquals(1, server.requests(transport()).size(), "a 401 must not be retried");
  }

  @Test
  void aStalledConnectionIsDetectedAndReplaced() throws Exception {
    RecordingListener recorder = new RecordingListener(WAIT);
    Subscription sub =
        subscribeOpen(
            config()
                .stallTimeout(Duration.ofSeconds(1))
                .orderingPolicy(OrderingPolicy.asReceived()),
            recorder);
    server.publish(1);
    recorder.assertNextMessage("1");
    long connectionsBefore = sub.stats().connections();
    server.faults().stallActive().stallNext(1);
    server.publish(4);
    assertEquals(FailureKind.TIMEOUT, recorder.assertNextError(FailureKind.TIMEOUT).kind());
    recorder.assertNextMessageIds(ids(2, 5));
    assertTrue(sub.stats().connections() > connectionsBefore, () -> "not replaced: " + sub.stats());
  }

  @Test
  void aGapIsReportedWhenTheServerLostHistory() throws Exception {
    server.close();
    server =
        configure(
                ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(500)).historySize(10))
            .start();
    RecordingListener recorder = new RecordingListener(WAIT);
    Subscription sub = subscribeOpen(config(), recorder);
    server.publish(3);
    recorder.assertNextMessageIds("1", "2", "3");
    // Keep the client away while 30 more are published; only the last 10 are kept.
    server.faults().respond(503, Integer.MAX_VALUE).dropActive();
    awaitCondition(
        () -> sub.state() != SubscriptionState.OPEN, "the client to lose its connection");
    server.publish(30);
    server.faults().clear();
    Gap gap = recorder.assertNextGap();
    assertEquals(Gap.Reason.HISTORY_LOST, gap.reason());
    assertEquals(4, gap.firstMissing().orElseThrow());
    assertEquals(23, gap.lastMissing().orElseThrow());
    recorder.assertNextMessageIds(ids(24, 33));
    assertEquals(1, sub.stats().gaps());
  }

  @Test
  void aMalformedMessageIsReportedAndTheStreamGoesOn() throws Exception {
    RecordingListener recorder = new RecordingListener(WAIT);
    subscribeOpen(config(), recorder);
    server.faults().injectMalformed(Malformed.BROKEN_JSON);
    server.publish(3);
    DecodeException e = recorder.assertNextError(DecodeException.class);
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    recorder.assertNextMessageIds("1", "2", "3");
    recorder.assertExhausted();
  }

  @Test
  void closeReleasesEveryThreadAndConnection() throws Exception {
    RecordingListener recorder = new RecordingListener(WAIT);
    Subscription sub = subscribeOpen(config(), recorder);
    server.publish(2);
    recorder.assertNextMessageIds("1", "2");
    sub.close();
    assertEquals(SubscriptionState.CLOSED, sub.state());
    List<String> left = tidingsThreads();
    assertTrue(left.isEmpty(), () -> "threads left after close: " + left);
    awaitCondition(() -> server.openConnections() == 0, "the server to see no open connection");
    sub.close(); // idempotent
  }

  @Test
  void sendWorksWhereSupportedAndFailsClearlyElsewhere() throws Exception {
    RecordingListener recorder = new RecordingListener(WAIT);
    Subscription sub = subscribeOpen(config(), recorder);
    if (capabilities().contains(Capability.SEND)) {
      sub.send("hello from " + transport())
          .toCompletableFuture()
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(
          server.awaitReceived(m -> m.asText().equals("hello from " + transport()), WAIT),
          "the server did not receive the message");
    } else {
      CompletionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              CompletionException.class, () -> sub.send("hello").toCompletableFuture().join());
      TidingsException t = assertInstanceOf(TidingsException.class, e.getCause());
      assertEquals(FailureKind.UNSUPPORTED, t.kind());
      assertTrue(t.getMessage().contains(transport()), t.getMessage());
    }
  }

  @Test
  void twoHundredConcurrentSubscriptionsToOneHostAllReceiveEveryMessage() throws Exception {
    int count = 200;
    List<RecordingListener> recorders = new ArrayList<>();
    List<Subscription> subs = new ArrayList<>();
    SubscriptionConfig.Builder config = config().shortPollInterval(Duration.ofMillis(500));
    for (int i = 0; i < count; i++) {
      RecordingListener r = new RecordingListener(WAIT);
      recorders.add(r);
      subs.add(subscribe(config.name("sub" + i), r));
    }
    for (Subscription s : subs) {
      assertTrue(s.awaitState(SubscriptionState.OPEN, WAIT), () -> s + " did not open");
    }
    server.publish(20);
    List<String> expected = ids(1, 20);
    for (RecordingListener r : recorders) {
      r.assertNextMessageIds(expected);
    }
  }

  /** Waits until {@code condition} holds, failing after {@link #WAIT}. */
  protected static void awaitCondition(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Object monitor = new Object();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
      }
      synchronized (monitor) {
        monitor.wait(10); // poll the condition; the deadline, not this wait, bounds the test
      }
    }
  }

  /** Live threads whose names start with {@code tidings-}. */
  protected static List<String> tidingsThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("tidings-"))
        .collect(Collectors.toList());
  }
}
