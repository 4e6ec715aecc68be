package io.tidings.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.ConfigSource;
import io.tidings.ConnectionException;
import io.tidings.CredentialsProvider;
import io.tidings.CredentialsRequest;
import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.RequestCustomizer;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.TidingsClient;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.TransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.ChaosProxy;
import io.tidings.testkit.HttpProxy;
import io.tidings.testkit.Malformed;
import io.tidings.testkit.RecordedRequest;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.SocksProxy;
import io.tidings.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite every transport passes against the {@link ReferenceServer}: ordering,
 * resuming, server hints, fatal statuses, stall detection, gaps, malformed data, releasing threads,
 * sending, and many subscriptions at once. A transport module's tests extend it:
 *
 * <pre>{@code
 * class SseConformanceTest extends TransportConformanceTest {
 *   protected String transport() { return "sse"; }
 * }
 * }</pre>
 *
 * <p>Each test starts a fresh server (see {@link #configureServer}) and uses short timeouts ({@link
 * #STALL_TIMEOUT}, reconnect delays of {@link #RECONNECT_DELAY}), so the suite runs in seconds.
 * Every assertion waits with a deadline ({@link #TIMEOUT}); a stall must be detected within the
 * stall timeout in force plus {@link #STALL_DETECTION_MARGIN}.
 */
@Timeout(120)
public abstract class TransportConformanceTest {
  /** The longest any single expectation waits. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** The stall timeout the subscriptions use. */
  protected static final Duration STALL_TIMEOUT = Duration.ofSeconds(3);

  /** The stall timeout of the stall detection test. */
  protected static final Duration SHORT_STALL_TIMEOUT = Duration.ofMillis(1000);

  /**
   * How much later than the stall timeout in force the stall detection test accepts a stall being
   * detected: room for a loaded machine.
   */
  protected static final Duration STALL_DETECTION_MARGIN = Duration.ofSeconds(5);

  /**
   * The WebSocket ping interval the subscriptions use. OkHttp fails a socket whose pong is one
   * interval late, so it is not short.
   */
  protected static final Duration WEBSOCKET_PING_INTERVAL = Duration.ofSeconds(2);

  /** The server's heartbeat interval. */
  protected static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(100);

  /** The reconnect delay the subscriptions use (no jitter). */
  protected static final Duration RECONNECT_DELAY = Duration.ofMillis(50);

  /** Messages sent through random connection cuts in the chaos test. */
  protected static final int CHAOS_MESSAGES = 2000;

  /** Messages published at a time in the chaos test. */
  protected static final int CHAOS_STEP = 25;

  /** Seeds the chaos test's cuts, so a failure can be replayed. */
  protected static final long CHAOS_SEED = 20261201L;

  /** The server's poll batch size: small, so polls take several batches. */
  protected static final int BATCH_SIZE = 10;

  private final List<Subscription> subscriptions = new ArrayList<>();
  private ReferenceServer server;

  /** The transport under test, as named in {@code tidings.transport}. */
  protected abstract String transport();

  /**
   * Transport-specific settings applied on top of the suite's; the default changes nothing.
   *
   * @param builder already holding the suite's settings
   * @return the builder to use
   */
  protected SubscriptionConfig.Builder configure(SubscriptionConfig.Builder builder) {
    return builder;
  }

  /**
   * Server settings applied on top of the suite's (heartbeats every {@link #HEARTBEAT_INTERVAL},
   * batch size {@value #BATCH_SIZE}); the default changes nothing.
   */
  protected ReferenceServer.Builder configureServer(ReferenceServer.Builder builder) {
    return builder;
  }

  @BeforeEach
  void startServer() {
    server = configureServer(serverDefaults()).start();
  }

  private static ReferenceServer.Builder serverDefaults() {
    return ReferenceServer.builder()
        .heartbeatInterval(HEARTBEAT_INTERVAL)
        .batchSize(BATCH_SIZE)
        .webSocketResumeGrace(Duration.ofMillis(100));
  }

  /**
   * Replaces the current test's server with one started from {@code b} (and {@link
   * #configureServer}).
   */
  private void restartServer(ReferenceServer.Builder b) {
    server.close();
    server = configureServer(b).start();
  }

  @AfterEach
  void stopServer() {
    for (Subscription s : subscriptions) {
      s.close();
    }
    subscriptions.clear();
    if (server != null) {
      server.close();
    }
  }

  /** The server of the current test. */
  protected final ReferenceServer server() {
    return server;
  }

  /** The provider of {@link #transport()}, found with {@link ServiceLoader}. */
  protected final TransportProvider provider() {
    for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
      if (p.name().equals(transport())) {
        return p;
      }
    }
    throw new AssertionError(
        "No TransportProvider named '"
            + transport()
            + "' on the class path; found "
            + Tidings.transports());
  }

  /** What the transport under test can do. */
  protected final Set<Capability> capabilities() {
    return provider().capabilities();
  }

  /** The suite's configuration for the current server, after {@link #configure}. */
  protected SubscriptionConfig.Builder config() {
    SubscriptionConfig.Builder b =
        SubscriptionConfig.builder()
            .transport(transport())
            .url(server.url())
            .reconnectPolicy(
                ReconnectPolicy.exponentialBackoff()
                    .initialDelay(RECONNECT_DELAY)
                    .maxDelay(Duration.ofMillis(200))
                    .jitter(0)
                    .build())
            .stallTimeout(STALL_TIMEOUT)
            .connectTimeout(Duration.ofSeconds(5));
    option(b, "shortpoll.interval", "50ms");
    option(b, "longpoll.wait", "1s");
    option(b, "websocket.ping-interval", WEBSOCKET_PING_INTERVAL.toMillis() + "ms");
    return configure(b);
  }

  /**
   * Sets a transport's option by name (e.g. {@code shortpoll.interval}) from text, when a transport
   * on the class path declares it; the suite runs with one transport at a time.
   */
  protected static SubscriptionConfig.Builder option(
      SubscriptionConfig.Builder b, String name, String value) {
    for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
      for (ConfigOption<?> o : p.options()) {
        if (o.name().equals(name)) {
          set(b, o, value);
        }
      }
    }
    return b;
  }

  private static <T> void set(SubscriptionConfig.Builder b, ConfigOption<T> o, String value) {
    b.option(o, o.parse(value));
  }

  /**
   * The client the suite subscribes with (its executor, OkHttp client, mapper); the default is
   * {@link TidingsClient#defaultClient()}.
   */
  protected TidingsClient client() {
    return TidingsClient.defaultClient();
  }

  /** Subscribes with {@link #client()}; the subscription is closed after the test. */
  protected Subscription subscribe(SubscriptionConfig config, RecordingListener listener) {
    Subscription s = client().subscribe(config, listener);
    subscriptions.add(s);
    return s;
  }

  private Subscription subscribe(RecordingListener listener) {
    return subscribe(config().build(), listener);
  }

  private static List<String> ids(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.toList());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, TIMEOUT, what);
  }

  private static List<String> tidingsThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("tidings-"))
        .map(Thread::getName)
        .collect(Collectors.toList());
  }

  private static boolean hasStatus(List<RecordedRequest> requests, int status) {
    return requests.stream().anyMatch(r -> r.status() == status);
  }

  @Test
  void allMessagesArriveInOrder() throws Exception {
    server.publish(250);
    RecordingListener listener = new RecordingListener();
    Subscription sub = subscribe(listener);
    assertTrue(sub.awaitState(SubscriptionState.OPEN, TIMEOUT), "never OPEN");
    server.publish(250);
    listener.assertNextMessageIds(ids(1, 500), TIMEOUT);
    Message last = listener.messages().get(499);
    assertEquals("tick", last.type());
    assertEquals("{\"n\":500}", last.data());
    assertEquals(500, last.sequence().getAsLong());
    assertEquals(transport(), last.transport());
    assertEquals("500", sub.lastEventId().orElseThrow());
    listener.assertExhausted();
  }

  @Test
  void resumeAfterServerSideDropsLosesAndDuplicatesNothing() throws Exception {
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    server.faults().dropAfter(7);
    server.publish(60);
    Subscription sub = subscribe(listener);
    listener.assertNextMessageIds(ids(1, 60), TIMEOUT);
    server.publish(40);
    listener.assertNextMessageIds(ids(61, 100), TIMEOUT);
    server.faults().clear();
    assertTrue(server.requests(transport()).size() > 1, "the server never dropped a connection");
    assertTrue(sub.stats().reconnects() >= 1, "no reconnect in " + sub.stats());
    listener.assertExhausted();
  }

  @Test
  void randomCutsThroughAProxyLoseAndRepeatNothing() throws Exception {
    int total = CHAOS_MESSAGES;
    restartServer(serverDefaults().historySize(total));
    try (ChaosProxy proxy = ChaosProxy.to(server)) {
      RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
      Subscription sub = subscribe(config().url(proxy.url(server)).build(), listener);
      assertTrue(sub.awaitState(SubscriptionState.OPEN, TIMEOUT), "never OPEN");
      proxy.cutRandomly(CHAOS_SEED, Duration.ofMillis(50), Duration.ofMillis(300));
      // Publish in steps, each once the last has arrived, so the cuts fall all through the feed.
      for (int published = 0; published < total; ) {
        published += server.publish(Math.min(CHAOS_STEP, total - published)).size();
        long expected = published;
        await(() -> sub.stats().messages() >= expected, expected + " messages delivered");
      }
      proxy.stopCutting();
      listener.assertNextMessageIds(ids(1, total), TIMEOUT);
      // Streams reconnect; polls may not even notice (OkHttp retries a request whose pooled
      // connection was cut before it was sent), but every cut costs a new TCP connection.
      assertTrue(proxy.connectionsAccepted() > 1, "the proxy never cut a connection");
      listener.assertExhausted();
    }
  }

  @Test
  void retryAfterIsRespected() throws Exception {
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    server.publish(1);
    subscribe(listener);
    listener.assertNextMessageWithId("1", TIMEOUT);
    server.faults().respond(503, 1, Duration.ofSeconds(1));
    server.faults().dropActive();
    await(() -> hasStatus(server.requests(), 503), "a request answered 503");
    server.publish(1);
    listener.assertNextMessageWithId("2", TIMEOUT);
    List<RecordedRequest> requests = server.requests();
    int i = 0;
    while (requests.get(i).status() != 503) {
      i++;
    }
    assertTrue(i + 1 < requests.size(), "no request after the 503");
    long waited = requests.get(i + 1).nanoTime() - requests.get(i).nanoTime();
    assertTrue(
        waited >= Duration.ofSeconds(1).toNanos(),
        "the next request came " + Duration.ofNanos(waited) + " after a 503 with Retry-After: 1");
  }

  @Test
  void unauthorizedEndsTheSubscription() throws Exception {
    server.faults().respond(401, Integer.MAX_VALUE);
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    Subscription sub = subscribe(listener);
    Throwable cause = listener.awaitClosed(TIMEOUT);
    assertInstanceOf(GaveUpException.class, cause);
    HttpStatusException status = assertInstanceOf(HttpStatusException.class, cause.getCause());
    assertEquals(401, status.statusCode());
    assertTrue(
        status.getMessage().contains("check the credentials in tidings.headers.Authorization"),
        status.getMessage());
    assertEquals(SubscriptionState.CLOSED, sub.state());
    CompletableFuture<Void> closed = sub.closed().toCompletableFuture();
    try {
      closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      fail("closed() completed normally after a 401");
    } catch (ExecutionException e) {
      assertInstanceOf(GaveUpException.class, e.getCause());
    }
    assertEquals(1, server.requests().size(), "requests: " + server.requests());
  }

  // ---- Connection hooks: credentials per connect, request shaping, resume points ----

  /** A credentials provider that hands out its cached token, and the issuer's on refresh. */
  private static final class RotatingCredentials implements CredentialsProvider {
    final AtomicReference<String> issuer = new AtomicReference<>();
    final AtomicReference<String> cached = new AtomicReference<>();
    final List<CredentialsRequest> asked = new CopyOnWriteArrayList<>();

    RotatingCredentials(String token) {
      issuer.set(token);
      cached.set(token);
    }

    @Override
    public CompletionStage<Map<String, String>> credentials(CredentialsRequest request) {
      asked.add(request);
      if (request.refresh()) {
        cached.set(issuer.get());
      }
      return CompletableFuture.supplyAsync(() -> Map.of("Authorization", "Bearer " + cached.get()));
    }
  }

  @Test
  void freshCredentialsAreAskedForOnEveryConnectAndAfterA401() throws Exception {
    server.faults().requireToken("t1");
    RotatingCredentials credentials = new RotatingCredentials("t1");
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    server.publish(20);
    Subscription sub = subscribe(config().credentials(credentials).build(), listener);
    listener.assertNextMessageIds(ids(1, 20), TIMEOUT);
    assertFalse(credentials.asked.get(0).refresh(), "the first ask is not a refresh");
    assertEquals(transport(), credentials.asked.get(0).transport());
    // The token expires: the server accepts only t2 and cuts every connection.
    credentials.issuer.set("t2");
    server.faults().rotateToken("t2");
    await(() -> hasStatus(server.requests(), 401), "a request refused with 401");
    server.publish(20);
    listener.assertNextMessageIds(ids(21, 40), TIMEOUT);
    assertTrue(
        credentials.asked.stream().anyMatch(CredentialsRequest::refresh),
        "no refresh after the 401: " + credentials.asked);
    assertEquals(SubscriptionState.OPEN, sub.state());
    assertFalse(listener.isClosed(), "a refreshed token must not end the subscription");
    listener.assertExhausted();
  }

  @Test
  void credentialsRefusedTwiceInARowEndTheSubscription() throws Exception {
    server.faults().requireToken("right");
    RotatingCredentials credentials = new RotatingCredentials("wrong");
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    subscribe(config().credentials(credentials).build(), listener);
    Throwable cause = listener.awaitClosed(TIMEOUT);
    assertInstanceOf(GaveUpException.class, cause);
    assertEquals(401, assertInstanceOf(HttpStatusException.class, cause.getCause()).statusCode());
    assertEquals(2, credentials.asked.size(), "asked: " + credentials.asked);
    assertFalse(credentials.asked.get(0).refresh());
    assertTrue(credentials.asked.get(1).refresh());
    assertFalse(
        String.valueOf(cause.getMessage()).contains("wrong"), "a token in: " + cause.getMessage());
    // The message says whose credentials were refused, that the refresh was refused too, and what
    // to check; not the tidings.headers key, which is not where they came from.
    assertTrue(cause.getMessage().contains("refused twice in a row"), cause.getMessage());
    String hint = cause.getCause().getMessage();
    for (String said :
        List.of(
            "CredentialsProvider returned for CredentialsRequest.refresh() true",
            "refused as well",
            "check that its refresh fetches a new token")) {
      assertTrue(hint.contains(said), said + " not in: " + hint);
    }
    assertFalse(cause.getMessage().contains("tidings.headers"), cause.getMessage());
  }

  @Test
  void aFirstRefusalOfTheProvidersCredentialsSaysTheyAreRefreshed() throws Exception {
    server.faults().requireToken("right");
    RotatingCredentials credentials = new RotatingCredentials("wrong");
    credentials.issuer.set("right");
    RecordingListener listener = new RecordingListener();
    server.publish(3);
    subscribe(config().credentials(credentials).build(), listener);
    HttpStatusException refused = listener.assertNextError(HttpStatusException.class, TIMEOUT);
    assertEquals(401, refused.statusCode());
    assertTrue(
        refused.getMessage().contains("refused the CredentialsProvider's credentials; asking it"),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("tidings.headers"), refused.getMessage());
    listener.skip(RecordingListener.Kind.ERROR).assertNextMessageIds(ids(1, 3), TIMEOUT);
  }

  @Test
  void aRefusedAuthorizationSetByARequestCustomizerNamesTheCustomizer() throws Exception {
    server.faults().requireToken("right");
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    subscribe(
        config()
            .requestCustomizer((attempt, request) -> request.setHeader("Authorization", "Bearer x"))
            .build(),
        listener);
    Throwable cause = listener.awaitClosed(TIMEOUT);
    HttpStatusException status = assertInstanceOf(HttpStatusException.class, cause.getCause());
    assertEquals(401, status.statusCode());
    assertTrue(
        status.getMessage().contains("the Authorization header the RequestCustomizer set"),
        status.getMessage());
    assertFalse(status.getMessage().contains("tidings.headers"), status.getMessage());
  }

  @Test
  void aFailingCredentialsProviderIsAConnectionFailureRetriedWithBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("token service down");
    CredentialsProvider flaky =
        request ->
            calls.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(boom)
                : CompletableFuture.completedFuture(Map.of());
    RecordingListener listener = new RecordingListener();
    server.publish(3);
    subscribe(config().credentials(flaky).build(), listener);
    ConnectionException error = listener.assertNextError(ConnectionException.class, TIMEOUT);
    assertEquals(boom, error.getCause());
    listener.skip(RecordingListener.Kind.ERROR).assertNextMessageIds(ids(1, 3), TIMEOUT);
    assertTrue(calls.get() >= 3, "calls: " + calls.get());
  }

  @Test
  void aRequestCustomizerShapesEachAttempt() throws Exception {
    server.publish(10);
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    RequestCustomizer since5 =
        (attempt, request) -> {
          attempts.add(attempt.attempt());
          if (attempt.lastEventId() == null) {
            // A server whose resume point is not a plain id would want since=<time> here; the
            // reference server reads the usual places, so this resumes after message 5.
            request.setQueryParameter(SubscriptionConfig.DEFAULT_CURSOR_PARAM, "5");
            request.setHeader("Last-Event-ID", "5");
          }
        };
    RecordingListener listener = new RecordingListener();
    Subscription sub = subscribe(config().requestCustomizer(since5).build(), listener);
    listener.assertNextMessageIds(ids(6, 10), TIMEOUT);
    assertEquals("5", server.requests(transport()).get(0).lastEventId());
    assertEquals(1, attempts.get(0));
    sub.reconnectNow();
    await(() -> attempts.size() >= 2, "a second attempt");
    assertEquals(2, attempts.get(1));
    server.publish(2);
    listener.assertNextMessageIds(ids(11, 12), TIMEOUT);
    listener.assertExhausted();
  }

  @Test
  void reconnectNowConnectsAgainAtOnceWithoutCountingAFailure() throws Exception {
    RecordingListener listener = new RecordingListener();
    server.publish(5);
    Subscription sub =
        subscribe(
            config()
                .reconnectPolicy(
                    ReconnectPolicy.exponentialBackoff()
                        .initialDelay(Duration.ofMinutes(5))
                        .maxDelay(Duration.ofMinutes(5))
                        .jitter(0)
                        .build())
                .build(),
            listener);
    listener.assertNextMessageIds(ids(1, 5), TIMEOUT);
    long connections = sub.stats().connections();
    sub.reconnectNow();
    await(() -> sub.stats().connections() > connections, "a new connection");
    assertTrue(sub.awaitState(SubscriptionState.OPEN, TIMEOUT), "never OPEN again");
    server.publish(5);
    listener.assertNextMessageIds(ids(6, 10), TIMEOUT);
    assertEquals(0, sub.stats().errors(), "reconnectNow is not a failure: " + sub.stats());
    listener.assertExhausted();
  }

  @Test
  void startAfterResumesAfterTheGivenId() throws Exception {
    server.publish(30);
    RecordingListener listener = new RecordingListener();
    subscribe(config().startAfter("20").build(), listener);
    listener.assertNextMessageIds(ids(21, 30), TIMEOUT);
    assertEquals("20", server.requests(transport()).get(0).lastEventId());
  }

  @Test
  void withOrderedAServerReplayingFromBeforeTheResumeIdRepeatsNothing() throws Exception {
    server.publish(30);
    server.faults().rewindNextCursor(15); // asked for what follows 20, it sends from 6 on
    RecordingListener listener = new RecordingListener();
    Subscription sub =
        subscribe(
            config()
                .orderingPolicy(OrderingPolicy.ordered(100, Duration.ofSeconds(5)))
                .startAfter("20")
                .build(),
            listener);
    listener.assertNextMessageIds(ids(21, 30), TIMEOUT);
    assertTrue(sub.stats().duplicatesDropped() > 0, "the server replayed nothing: " + sub.stats());
    listener.assertExhausted();
  }

  @Test
  void anIdTheCursorStoreIntervalHeldBackIsWrittenOnceTheIntervalPassed(@TempDir Path dir)
      throws Exception {
    Path cursor = dir.resolve("feed.cursor");
    server.publish(10);
    RecordingListener listener = new RecordingListener();
    subscribe(
        config().startAfter("0").cursorStoreFile(cursor, Duration.ofMillis(300)).build(), listener);
    listener.assertNextMessageIds(ids(1, 10), TIMEOUT);
    // No message follows and the subscription stays open: a timer writes the last id anyway.
    await(
        () -> {
          try {
            return RestartRun.stored(cursor) == 10;
          } catch (java.io.IOException | NumberFormatException e) {
            return false;
          }
        },
        "the cursor file holding 10");
  }

  // ---- Restarts of the application on a file cursor store (child JVMs) ----

  /** How long a child JVM may take to start and deliver what a step waits for. */
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

  /** Messages published before the first run, and the one it is busy with when stopped. */
  private static final int FEED = 200;

  private static final int BUSY_ON = 20;

  /** Messages published while no child runs. */
  private static final int WHILE_DOWN = 50;

  /** How far back the server replays for the restarted child. */
  private static final int REPLAYED = 10;

  private Map<String, String> childOptions() {
    return Map.of(
        "shortpoll.interval", "50ms",
        "longpoll.wait", "1s",
        "websocket.ping-interval", WEBSOCKET_PING_INTERVAL.toMillis() + "ms");
  }

  @Test
  void aGracefulStopMidFeedThenARestartOnTheCursorStoreLosesAndRepeatsNothing(@TempDir Path dir)
      throws Exception {
    server.publish(FEED);
    Path cursor = dir.resolve("feed.cursor");
    // Writes at most once an hour: after the first, only close() can write the last id.
    Path props = RestartRun.properties(dir, provider(), feedUrl(), cursor, "1h", childOptions());
    List<Long> run1;
    try (RestartRun child = RestartRun.start(dir, "run1", props, BUSY_ON)) {
      child.awaitDelivered(BUSY_ON, CHILD_TIMEOUT);
      child.stop(); // SIGTERM while message BUSY_ON is being handled
      assertTrue(child.closedGracefully(), "the shutdown hook did not close:\n" + child.log());
      run1 = child.delivered();
    }
    // The message in flight was finished, nothing was delivered after it, and it was saved.
    RestartRun.assertConsecutive(run1, 1, "before the stop");
    assertEquals(BUSY_ON, run1.size(), "delivered after close(): " + run1);
    assertEquals(BUSY_ON, RestartRun.stored(cursor), "close() did not save the last id");

    server.publish(WHILE_DOWN);
    server.faults().rewindNextCursor(REPLAYED);
    try (RestartRun child = RestartRun.start(dir, "run2", props, 0)) {
      child.awaitDelivered(FEED + WHILE_DOWN, CHILD_TIMEOUT);
      child.stop();
      RestartRun.assertConsecutive(child.delivered(), BUSY_ON + 1, "after the restart");
      assertEquals(FEED + WHILE_DOWN - BUSY_ON, child.delivered().size(), "" + child.delivered());
    }
    assertEquals(FEED + WHILE_DOWN, RestartRun.stored(cursor));
  }

  @Test
  void aKillMidFeedThenARestartLosesNothingAndRepeatsOnlyTheMessageInFlight(@TempDir Path dir)
      throws Exception {
    server.publish(FEED);
    Path cursor = dir.resolve("feed.cursor");
    Path props = RestartRun.properties(dir, provider(), feedUrl(), cursor, "0", childOptions());
    List<Long> run1;
    try (RestartRun child = RestartRun.start(dir, "run1", props, BUSY_ON)) {
      child.awaitDelivered(BUSY_ON, CHILD_TIMEOUT);
      child.kill(); // SIGKILL while message BUSY_ON is being handled: no close(), no flush
      assertFalse(child.closedGracefully(), child.log());
      run1 = child.delivered();
    }
    RestartRun.assertConsecutive(run1, 1, "before the kill");
    assertEquals(BUSY_ON, run1.size(), "" + run1);
    // Interval 0: every message whose onMessage returned was saved; the one in flight was not.
    long stored = RestartRun.stored(cursor);
    assertEquals(BUSY_ON - 1, stored);

    server.publish(WHILE_DOWN);
    // The server replays from before the stored id: ordered drops all of it.
    server.faults().rewindNextCursor(REPLAYED);
    int requestsBefore = server.requests(transport()).size();
    try (RestartRun child = RestartRun.start(dir, "run2", props, 0)) {
      child.awaitDelivered(FEED + WHILE_DOWN, CHILD_TIMEOUT);
      child.stop();
      List<Long> run2 = child.delivered();
      // Nothing lost; the one repeat is the message in flight at the kill, never one at or before
      // the stored id.
      RestartRun.assertConsecutive(run2, stored + 1, "after the restart");
      assertEquals(FEED + WHILE_DOWN - stored, run2.size(), "" + run2);
      assertEquals(List.of((long) BUSY_ON), intersection(run1, run2), "repeated");
    }
    assertEquals(
        Long.toString(stored),
        server.requests(transport()).get(requestsBefore).lastEventId(),
        "the restarted child did not resume after the stored id");
  }

  private static List<Long> intersection(List<Long> a, List<Long> b) {
    return a.stream().filter(b::contains).collect(Collectors.toList());
  }

  // ---- TLS with a private CA, mutual TLS, an HTTP proxy that asks for credentials ----

  /** The current server's feed URL; {@code ws(s)://} for the WebSocket transport. */
  private String feedUrl() {
    return "websocket".equals(transport()) ? server.wsUrl() : server.url();
  }

  @Test
  void httpsWithAPrivateCaWorksThroughTheTrustStore(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create();
    restartServer(serverDefaults().tls(certs.serverKeyStore(), TestCertificates.PASSWORD));
    server.publish(5);
    RecordingListener listener = new RecordingListener();
    Path trust = certs.writeTrustStore(dir.resolve("ca.p12"));
    SubscriptionConfig config =
        config()
            .url(feedUrl())
            .trustStore(trust, TestCertificates.STORE_TYPE, TestCertificates.PASSWORD)
            .build();
    assertTrue(config.url().getScheme().endsWith("s"), "not a TLS URL: " + config.url());
    Subscription sub = subscribe(config, listener);
    listener.assertNextMessageIds(ids(1, 5), TIMEOUT);
    server.publish(5);
    listener.assertNextMessageIds(ids(6, 10), TIMEOUT);
    assertEquals(SubscriptionState.OPEN, sub.state());
    listener.assertExhausted();
  }

  @Test
  void anUntrustedCertificateFailsNamingTheTrustStoreKeyAndIsRetried() throws Exception {
    TestCertificates certs = TestCertificates.create();
    restartServer(serverDefaults().tls(certs.serverKeyStore(), TestCertificates.PASSWORD));
    server.publish(1);
    RecordingListener listener = new RecordingListener();
    Subscription sub = subscribe(config().url(feedUrl()).build(), listener);
    ConnectionException first = listener.assertNextError(ConnectionException.class, TIMEOUT);
    assertTrue(
        first.getMessage().contains("tidings.tls.trust-store"),
        "the error does not say which key to set: " + first.getMessage());
    assertTrue(first.getMessage().contains("not trusted"), first.getMessage());
    // The certificate may be fixed on the server side: the subscription keeps trying.
    ConnectionException second = listener.assertNextError(ConnectionException.class, TIMEOUT);
    assertTrue(second.getMessage().contains("tidings.tls.trust-store"), second.getMessage());
    assertFalse(sub.state().isTerminal(), "state: " + sub.state());
    assertTrue(listener.messages().isEmpty(), "delivered over an untrusted connection");
  }

  @Test
  void mutualTlsWorksWithTheKeyStoreAndFailsWithoutNamingIt(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create();
    restartServer(
        serverDefaults()
            .tls(certs.serverKeyStore(), TestCertificates.PASSWORD)
            .clientCertificates(certs.trustStore()));
    server.publish(3);
    Path trust = certs.writeTrustStore(dir.resolve("ca.p12"));
    Path key = certs.writeClientKeyStore(dir.resolve("client.p12"));
    String type = TestCertificates.STORE_TYPE;
    String password = TestCertificates.PASSWORD;
    RecordingListener with = new RecordingListener();
    subscribe(
        config()
            .url(feedUrl())
            .trustStore(trust, type, password)
            .keyStore(key, type, password)
            .build(),
        with);
    with.assertNextMessageIds(ids(1, 3), TIMEOUT);

    RecordingListener without = new RecordingListener();
    Subscription refused =
        subscribe(config().url(feedUrl()).trustStore(trust, type, password).build(), without);
    ConnectionException error = without.assertNextError(ConnectionException.class, TIMEOUT);
    assertTrue(
        error.getMessage().contains("tidings.tls.key-store"),
        "the error does not say which key to set: "
            + error.getMessage()
            + " / "
            + java.util.Arrays.toString(error.getCause().getSuppressed())
            + " / "
            + without.errors());
    assertFalse(refused.state().isTerminal(), "state: " + refused.state());
    assertTrue(without.messages().isEmpty(), "delivered without a client certificate");
    server.publish(1);
    with.assertNextMessageWithId("4", TIMEOUT);
    with.assertExhausted();
  }

  @Test
  void anHttpProxyThatAsksForCredentialsGetsThoseOfTidingsProxy() throws Exception {
    try (HttpProxy proxy = HttpProxy.requiring("feed", "pr0xy:secret")) {
      server.publish(5);
      RecordingListener listener = new RecordingListener();
      Subscription sub =
          subscribe(
              config().url(feedUrl()).proxy(proxy.url("feed", "pr0xy:secret")).build(), listener);
      listener.assertNextMessageIds(ids(1, 5), TIMEOUT);
      server.publish(5);
      listener.assertNextMessageIds(ids(6, 10), TIMEOUT);
      // The first request went without credentials (OkHttp sends them only when asked), was
      // refused with 407, and was sent again with them.
      assertTrue(proxy.refused() >= 1, "the proxy never asked for credentials");
      assertTrue(proxy.forwarded() >= 1, "nothing went through the proxy");
      String target = "127.0.0.1:" + server.port();
      assertTrue(proxy.targets().stream().allMatch(target::equals), "targets: " + proxy.targets());
      assertEquals(0, sub.stats().errors(), "a 407 answered with credentials is not a failure");
      listener.assertExhausted();
    }
  }

  @Test
  void httpsGoesThroughAProxyTunnel(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create();
    restartServer(serverDefaults().tls(certs.serverKeyStore(), TestCertificates.PASSWORD));
    try (HttpProxy proxy = HttpProxy.requiring("feed", "tunnel-secret")) {
      server.publish(3);
      RecordingListener listener = new RecordingListener();
      Path trust = certs.writeTrustStore(dir.resolve("ca.p12"));
      subscribe(
          config()
              .url(feedUrl())
              .proxy(proxy.url("feed", "tunnel-secret"))
              .trustStore(trust, TestCertificates.STORE_TYPE, TestCertificates.PASSWORD)
              .build(),
          listener);
      listener.assertNextMessageIds(ids(1, 3), TIMEOUT);
      // TLS goes through a CONNECT tunnel; OkHttp sends the credentials with the first CONNECT.
      assertTrue(proxy.tunnels() >= 1, "no CONNECT tunnel: " + proxy);
      assertEquals(0, proxy.forwarded(), "a request went to the proxy in the clear");
      listener.assertExhausted();
    }
  }

  @Test
  void wrongProxyCredentialsAreReportedWithoutThePassword() throws Exception {
    try (HttpProxy proxy = HttpProxy.requiring("feed", "right-password")) {
      RecordingListener listener = new RecordingListener();
      Subscription sub =
          subscribe(
              config().url(feedUrl()).proxy(proxy.url("feed", "wrong-password")).build(), listener);
      TidingsException error = listener.assertNextError(TidingsException.class, TIMEOUT);
      assertTrue(error.getMessage().contains("407"), "not a 407: " + error);
      assertTrue(error.getMessage().contains("tidings.proxy"), "no hint: " + error.getMessage());
      assertFalse(error.toString().contains("wrong-password"), "the password in: " + error);
      assertFalse(sub.toString().contains("wrong-password"), "the password in: " + sub);
      assertTrue(proxy.refused() >= 2, "credentials were not sent after the first 407");
    }
  }

  @Test
  void aSocksProxyCarriesTheSubscription() throws Exception {
    try (SocksProxy proxy = SocksProxy.start()) {
      server.publish(5);
      RecordingListener listener = new RecordingListener();
      // A host name, not an address: the proxy resolves it (the client sends the name).
      String url = feedUrl().replace("//127.0.0.1:", "//localhost:");
      subscribe(config().url(url).proxy(proxy.url()).build(), listener);
      listener.assertNextMessageIds(ids(1, 5), TIMEOUT);
      server.publish(5);
      listener.assertNextMessageIds(ids(6, 10), TIMEOUT);
      assertTrue(proxy.tunnels() >= 1, "nothing went through the proxy: " + proxy);
      String target = "localhost:" + server.port();
      assertTrue(proxy.targets().stream().allMatch(target::equals), "" + proxy.targets());
      listener.assertExhausted();
    }
  }

  @Test
  void aSocksProxyThatWantsCredentialsGetsThoseOfTidingsProxyFromTheEnvironment() throws Exception {
    try (SocksProxy proxy = SocksProxy.requiring("feed", "s0cks-secret")) {
      server.publish(5);
      SubscriptionConfig loaded =
          ConfigSource.builder("test")
              .value("tidings.url", feedUrl(), "test")
              .value("tidings.transport", transport(), "test")
              .value(
                  "tidings.proxy",
                  "socks://feed:${env:SOCKS_PASSWORD}@127.0.0.1:" + proxy.port(),
                  "test")
              .environment(Map.of("SOCKS_PASSWORD", "s0cks-secret"))
              .systemProperties(new java.util.Properties())
              .build()
              .load();
      SubscriptionConfig.Builder b = loaded.toBuilder();
      option(b, "shortpoll.interval", "50ms");
      option(b, "longpoll.wait", "1s");
      RecordingListener listener = new RecordingListener();
      Subscription sub = subscribe(b.build(), listener);
      listener.assertNextMessageIds(ids(1, 5), TIMEOUT);
      assertTrue(proxy.authenticated() >= 1, "no authenticated connection: " + proxy);
      String target = "127.0.0.1:" + server.port(); // an address is sent as one
      assertTrue(proxy.targets().stream().allMatch(target::equals), "" + proxy.targets());
      assertEquals(0, proxy.refused());
      assertEquals(0, sub.stats().errors(), "" + sub.stats());
      assertFalse(sub.toString().contains("s0cks-secret"), sub.toString());
      // Per client: nothing JVM-wide was set for the JDK's own SOCKS support.
      assertEquals(null, System.getProperty("java.net.socks.username"));
      assertEquals(null, System.getProperty("java.net.socks.password"));
      assertEquals(null, java.net.Authenticator.getDefault());
      listener.assertExhausted();
    }
  }

  @Test
  void httpsGoesThroughASocksProxy(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create();
    restartServer(serverDefaults().tls(certs.serverKeyStore(), TestCertificates.PASSWORD));
    try (SocksProxy proxy = SocksProxy.requiring("feed", "tls-secret")) {
      server.publish(3);
      RecordingListener listener = new RecordingListener();
      Path trust = certs.writeTrustStore(dir.resolve("ca.p12"));
      subscribe(
          config()
              .url(feedUrl())
              .proxy(proxy.url("feed", "tls-secret"))
              .trustStore(trust, TestCertificates.STORE_TYPE, TestCertificates.PASSWORD)
              .build(),
          listener);
      listener.assertNextMessageIds(ids(1, 3), TIMEOUT);
      assertTrue(proxy.tunnels() >= 1, "nothing went through the proxy: " + proxy);
      listener.assertExhausted();
    }
  }

  @Test
  void wrongSocksCredentialsAreReportedWithoutThePasswordAndRetried() throws Exception {
    try (SocksProxy proxy = SocksProxy.requiring("feed", "right-password")) {
      RecordingListener listener = new RecordingListener();
      Subscription sub =
          subscribe(
              config().url(feedUrl()).proxy(proxy.url("feed", "wrong-password")).build(), listener);
      TidingsException error = listener.assertNextError(TidingsException.class, TIMEOUT);
      assertTrue(
          error.getMessage().contains("refused the user name and password of tidings.proxy"),
          error.getMessage());
      assertFalse(error.toString().contains("wrong-password"), "the password in: " + error);
      assertFalse(sub.toString().contains("wrong-password"), "the password in: " + sub);
      await(() -> proxy.refused() >= 2, "a second attempt after the refusal");
      assertEquals(0, proxy.tunnels());
    }
  }

  @Test
  void aStalledConnectionIsDetectedAndReplaced() throws Exception {
    // A stall is the network going silent: no data, no heartbeat, no pong. The proxy between
    // client and server stalls every transport alike.
    try (ChaosProxy proxy = ChaosProxy.to(server)) {
      RecordingListener listener = new RecordingListener();
      server.publish(1);
      SubscriptionConfig config =
          config().url(proxy.url(server)).stallTimeout(SHORT_STALL_TIMEOUT).build();
      // Core uses the larger of the configured timeout and the transport's quiet period (a poll
      // transport may be silent between answers).
      Duration quiet = provider().quietPeriod(config);
      Duration inForce = quiet.compareTo(config.stallTimeout()) > 0 ? quiet : config.stallTimeout();
      Duration bound = inForce.plus(STALL_DETECTION_MARGIN);
      Subscription sub = subscribe(config, listener);
      listener.assertNextMessageWithId("1", TIMEOUT);
      long connections = sub.stats().connections();
      long stalledAt = System.nanoTime();
      proxy.stall();
      server.publish(2);
      TidingsException stall = listener.assertNextError(FailureKind.TIMEOUT, bound.plus(TIMEOUT));
      Duration detectedAfter = Duration.ofNanos(nanoTimeOf(listener, stall) - stalledAt);
      assertTrue(
          detectedAfter.compareTo(bound) <= 0,
          "the stall was reported "
              + detectedAfter
              + " after it began; the stall timeout in force is "
              + inForce
              + " (allowed: "
              + bound
              + ")");
      proxy.resume();
      listener.skip(RecordingListener.Kind.ERROR); // attempts during the stall time out too
      listener.assertNextMessageIds(List.of("2", "3"), TIMEOUT);
      assertTrue(sub.stats().connections() > connections, "not replaced: " + sub.stats());
      listener.assertExhausted();
    }
  }

  private static long nanoTimeOf(RecordingListener listener, TidingsException error) {
    return listener.events().stream()
        .filter(e -> e.error() == error)
        .findFirst()
        .orElseThrow()
        .nanoTime();
  }

  @Test
  void aGapIsReportedWhenTheServerLostHistory() throws Exception {
    restartServer(serverDefaults().historySize(20));
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    server.publish(5);
    subscribe(listener);
    listener.assertNextMessageIds(ids(1, 5), TIMEOUT);
    // Keep the client away while 30 more are published: 6..15 fall out of the history.
    server.faults().respond(503, Integer.MAX_VALUE);
    server.faults().dropActive();
    await(() -> hasStatus(server.requests(), 503), "the client to be kept away");
    server.publish(30);
    server.faults().clear();
    Gap gap = listener.assertNextGap(TIMEOUT);
    assertEquals(Gap.Reason.HISTORY_LOST, gap.reason());
    assertEquals(6, gap.firstMissing().getAsLong());
    assertEquals(15, gap.lastMissing().getAsLong());
    listener.assertNextMessageIds(ids(16, 35), TIMEOUT);
    listener.assertExhausted();
  }

  @Test
  void malformedMessagesAreReportedAndTheStreamGoesOn() throws Exception {
    RecordingListener listener = new RecordingListener();
    subscribe(listener);
    server.publish(2);
    server.faults().injectMalformed(Malformed.NOT_JSON);
    server.publish(2);
    server.faults().injectMalformed(Malformed.BROKEN_JSON);
    server.publish(1);
    server.faults().injectMalformed(Malformed.INVALID_UTF8);
    server.publish(1);
    // Lines an SSE client must ignore, silently; the other transports are sent nothing.
    server.faults().injectMalformed(Malformed.BAD_SSE_LINES);
    server.publish(2);
    listener.assertNextMessageIds(ids(1, 2), TIMEOUT);
    listener.assertNextError(FailureKind.DECODE, TIMEOUT);
    listener.assertNextMessageIds(ids(3, 4), TIMEOUT);
    listener.assertNextError(FailureKind.DECODE, TIMEOUT);
    listener.assertNextMessageWithId("5", TIMEOUT);
    listener.assertNextError(FailureKind.DECODE, TIMEOUT);
    listener.assertNextMessageIds(ids(6, 8), TIMEOUT);
    listener.assertExhausted();
  }

  @Test
  void oversizedMessagesAreReportedAndTheStreamGoesOn() throws Exception {
    RecordingListener listener = new RecordingListener();
    subscribe(config().maxMessageSize(4096).build(), listener);
    server.publish(1);
    server.faults().injectOversized(20_000);
    server.publish(1);
    listener.assertNextMessageWithId("1", TIMEOUT);
    listener.assertNextError(FailureKind.MESSAGE_TOO_LARGE, TIMEOUT);
    listener.assertNextMessageWithId("2", TIMEOUT);
    listener.assertExhausted();
  }

  @Test
  void closeReleasesEveryThreadAndConnection() throws Exception {
    RecordingListener listener = new RecordingListener();
    server.publish(1);
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Subscription sub = subscribe(listener);
    listener.assertNextMessageWithId("1", TIMEOUT);
    sub.close();
    // close() returns only once its threads have ended (not just their tasks): one look.
    List<String> left = tidingsThreads();
    assertTrue(left.isEmpty(), "threads left after close: " + left);
    assertEquals(SubscriptionState.CLOSED, sub.state());
    assertNull(listener.awaitClosed(TIMEOUT));
    await(() -> server.openConnections() == 0, "the server to see no open connection");
    // The last subscription takes the default OkHttp client's dispatcher threads with it.
    boolean defaultClient = client().httpClient().isEmpty();
    if (defaultClient
        && !Await.within(() -> okHttpDispatcherThreadsStartedSince(before).isEmpty(), TIMEOUT)) {
      fail(
          "OkHttp dispatcher threads left after close: "
              + okHttpDispatcherThreadsStartedSince(before));
    }
    listener.skip(RecordingListener.Kind.CLOSED).assertExhausted();
  }

  /**
   * Live OkHttp dispatcher threads that were not in {@code before}. OkHttp names its dispatcher
   * threads {@code OkHttp …} and makes them non-daemon; its process-wide task runner threads are
   * daemons, shared by every client, and idle out on their own, so they are left out.
   */
  private static List<String> okHttpDispatcherThreadsStartedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("OkHttp"))
        .filter(t -> !before.contains(t))
        .map(Thread::getName)
        .collect(Collectors.toList());
  }

  private static void assertNull(Throwable t) {
    if (t != null) {
      throw new AssertionError("closed with a cause: " + t, t);
    }
  }

  @Test
  void sendWorksOnlyWithTheSendCapability() throws Exception {
    RecordingListener listener = new RecordingListener();
    server.publish(1);
    Subscription sub = subscribe(listener);
    listener.assertNextMessageWithId("1", TIMEOUT);
    CompletableFuture<Void> sent = sub.send("hello from " + transport()).toCompletableFuture();
    if (capabilities().contains(Capability.SEND)) {
      sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(
          server.awaitReceived(m -> ("hello from " + transport()).equals(m.text()), TIMEOUT),
          "the server did not receive the message; it got " + server.received());
    } else {
      try {
        sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        fail("send succeeded on a transport without Capability.SEND");
      } catch (ExecutionException e) {
        TidingsException t = assertInstanceOf(TidingsException.class, e.getCause());
        assertEquals(FailureKind.UNSUPPORTED, t.kind());
      }
      assertTrue(server.received().isEmpty());
    }
    assertFalse(sub.state().isTerminal());
  }

  @Test
  void twoHundredConcurrentSubscriptionsReceiveEveryMessage() throws Exception {
    int count = 200;
    List<RecordingListener> listeners = new ArrayList<>();
    List<Subscription> subs = new ArrayList<>();
    // Less chatter from 200 connections: heartbeats every second, a short poll every 500 ms.
    restartServer(serverDefaults().heartbeatInterval(Duration.ofSeconds(1)));
    // A loaded machine may be slow to set up 200 connections: allow replaced connections.
    SubscriptionConfig config =
        option(config().stallTimeout(Duration.ofSeconds(10)), "shortpoll.interval", "500ms")
            .build();
    for (int i = 0; i < count; i++) {
      RecordingListener l = new RecordingListener().skip(RecordingListener.Kind.ERROR);
      listeners.add(l);
      subs.add(subscribe(config, l));
    }
    server.publish(20);
    List<String> expected = ids(1, 20);
    for (RecordingListener l : listeners) {
      l.assertNextMessageIds(expected, TIMEOUT);
    }
    for (Subscription s : subs) {
      s.close();
    }
    for (RecordingListener l : listeners) {
      assertNull(l.awaitClosed(TIMEOUT));
      l.skip(RecordingListener.Kind.CLOSED).assertExhausted();
    }
  }
}
