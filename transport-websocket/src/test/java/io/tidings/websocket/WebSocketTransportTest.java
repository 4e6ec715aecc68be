package io.tidings.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.FailureKind;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ServerClosedException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.junit.ConnectionHarness;
import io.tidings.testkit.junit.ConnectionHarness.Event;
import io.tidings.testkit.junit.ConnectionHarness.Kind;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private MockWebServer server;
  private ConnectionHarness harness;

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  private SubscriptionConfig.Builder config(String url) {
    return SubscriptionConfig.builder().transport("websocket").url(url);
  }

  private SubscriptionConfig.Builder config() {
    return config(server.url("/feed").toString().replaceFirst("^http", "ws"));
  }

  private ServerSocketRecorder upgrade(ServerSocketRecorder recorder) {
    server.enqueue(new MockResponse.Builder().webSocketUpgrade(recorder).build());
    return recorder;
  }

  private Connection connect(SubscriptionConfig config, Cursor cursor) {
    harness = new ConnectionHarness(new WebSocketTransportProvider(), config);
    return harness.connect(cursor);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static TidingsException failureOf(CompletionStage<Void> stage) throws Exception {
    try {
      stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(TidingsException.class, e.getCause());
    }
    return fail("the send succeeded");
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    Await.until(condition, WAIT, what);
  }

  @Test
  void rawFormatDeliversTextAndBinaryFramesAsTheyAre() throws Exception {
    upgrade(
        new ServerSocketRecorder(
            ws -> {
              ws.send("not an envelope");
              ws.send(ByteString.of((byte) 0, (byte) 0xff));
              ws.send("{\"id\":\"1\"}");
            }));
    RecordingListener listener = new RecordingListener();
    try (Subscription sub =
        Tidings.subscribe(config().format(MessageFormat.RAW).build(), listener)) {
      List<Message> messages = listener.assertNextMessages(3, WAIT);
      assertEquals("not an envelope", messages.get(0).data());
      assertArrayEquals(new byte[] {0, (byte) 0xff}, messages.get(1).bytes());
      Message json = messages.get(2);
      assertEquals("{\"id\":\"1\"}", json.data(), "raw: JSON is data, not an envelope");
      assertNull(json.id());
      assertEquals("websocket", json.transport());
      listener.assertExhausted();
    }
  }

  @Test
  void providerIsFoundWithServiceLoader() {
    TransportProvider provider =
        ServiceLoader.load(TransportProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("websocket"))
            .findFirst()
            .orElseThrow();
    assertInstanceOf(WebSocketTransportProvider.class, provider);
    assertEquals(Set.of(Capability.SEND), provider.capabilities());
  }

  @Test
  void textAndBinaryFramesArriveAsFrames() throws Exception {
    upgrade(
        new ServerSocketRecorder(
            ws -> {
              ws.send("{\"id\":\"1\",\"data\":1}");
              ws.send(ByteString.of((byte) 1, (byte) 2, (byte) 3));
            }));
    connect(config().build(), Cursor.none());

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    Frame text = harness.next(WAIT).frame();
    assertEquals(Frame.Kind.TEXT, text.kind());
    assertEquals("{\"id\":\"1\",\"data\":1}", text.text());
    Frame binary = harness.next(WAIT).frame();
    assertEquals(Frame.Kind.BINARY, binary.kind());
    assertArrayEquals(new byte[] {1, 2, 3}, binary.bytes());
    assertEquals(1, harness.requests());
    assertEquals(text.text().length() + 3, harness.bytes());
  }

  @Test
  void malformedJsonIsPassedThroughAsTextForCoreToReport() throws Exception {
    upgrade(
        new ServerSocketRecorder(
            ws -> {
              ws.send("{not json");
              ws.send("");
              ws.send("{\"id\":\"2\"}");
            }));
    connect(config().build(), Cursor.none());

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    assertEquals("{not json", harness.next(WAIT).frame().text());
    assertEquals("", harness.next(WAIT).frame().text());
    assertEquals("{\"id\":\"2\"}", harness.next(WAIT).frame().text());
  }

  @Test
  void upgradeOffersSubprotocolsAndSendsConfiguredHeaders() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Sec-WebSocket-Protocol", "tidings.v1")
            .webSocketUpgrade(new ServerSocketRecorder())
            .build());
    connect(
        config()
            .option(WebSocketTransportProvider.SUBPROTOCOLS, List.of("tidings.v1", "json"))
            .header("Authorization", "Bearer secret")
            .header("X-Tenant", "acme")
            .build(),
        Cursor.none());

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    RecordedRequest request = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals("tidings.v1, json", request.getHeaders().get("Sec-WebSocket-Protocol"));
    assertEquals("Bearer secret", request.getHeaders().get("Authorization"));
    assertEquals("acme", request.getHeaders().get("X-Tenant"));
    assertEquals("websocket", request.getHeaders().get("Upgrade"));
  }

  @Test
  void serverChoosingASubprotocolNotOfferedIsAProtocolError() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Sec-WebSocket-Protocol", "other")
            .webSocketUpgrade(new ServerSocketRecorder())
            .build());
    connect(
        config().option(WebSocketTransportProvider.SUBPROTOCOLS, List.of("tidings.v1")).build(),
        Cursor.none());

    Event closed = harness.next(WAIT);
    assertEquals(Kind.CLOSED, closed.kind());
    assertInstanceOf(ProtocolException.class, closed.error());
    assertTrue(closed.error().getMessage().contains("'other'"), closed.error().getMessage());
  }

  @Test
  void cursorGoesInTheConfiguredQueryParameter() throws Exception {
    upgrade(new ServerSocketRecorder());
    connect(config().cursorParam("since").build(), Cursor.of("41"));

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    RecordedRequest request = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals("41", request.getUrl().queryParameter("since"));
    assertEquals("/feed", request.getUrl().encodedPath());
  }

  @Test
  void noCursorMeansNoQueryParameterAndNoResumeMessage() throws Exception {
    ServerSocketRecorder recorder = upgrade(new ServerSocketRecorder());
    Connection connection =
        connect(
            config()
                .option(
                    WebSocketTransportProvider.RESUME_MESSAGE, "{\"resume\":\"${lastEventId}\"}")
                .build(),
            Cursor.none());

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    RecordedRequest request = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNull(request.getUrl().queryParameter("lastEventId"));
    await(connection.send("first").toCompletableFuture());
    assertEquals("first", recorder.nextMessage(WAIT));
  }

  @Test
  void resumeMessageIsSentFirstWithTheEscapedCursor() throws Exception {
    ServerSocketRecorder recorder = upgrade(new ServerSocketRecorder());
    Connection connection =
        connect(
            config()
                .option(
                    WebSocketTransportProvider.RESUME_MESSAGE,
                    "{\"type\":\"resume\",\"lastEventId\":\"${lastEventId}\"}")
                .build(),
            Cursor.of("a\"b\\c\n"));

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    await(connection.send("after").toCompletableFuture());
    assertEquals(
        "{\"type\":\"resume\",\"lastEventId\":\"a\\\"b\\\\c\\n\"}", recorder.nextMessage(WAIT));
    assertEquals("after", recorder.nextMessage(WAIT));
    RecordedRequest request = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNull(request.getUrl().queryParameter("lastEventId"));
  }

  @Test
  void theResumeMessageCarriesTheCredentialsProvidersTokenOfEachAttempt() throws Exception {
    ServerSocketRecorder first = upgrade(new ServerSocketRecorder());
    ServerSocketRecorder second = upgrade(new ServerSocketRecorder());
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    SubscriptionConfig config =
        config()
            .option(
                WebSocketTransportProvider.RESUME_MESSAGE,
                "{\"type\":\"resume\",\"lastEventId\":\"${lastEventId}\","
                    + "\"token\":\"${header:Authorization}\"}")
            .startAfter("7")
            .credentials(
                request ->
                    CompletableFuture.completedFuture(
                        java.util.Map.of("Authorization", "Bearer t" + asked.incrementAndGet())))
            .build();
    try (Subscription sub = Tidings.subscribe(config, new RecordingListener())) {
      assertEquals(
          "{\"type\":\"resume\",\"lastEventId\":\"7\",\"token\":\"Bearer t1\"}",
          first.nextMessage(WAIT));
      sub.reconnectNow();
      assertEquals(
          "{\"type\":\"resume\",\"lastEventId\":\"7\",\"token\":\"Bearer t2\"}",
          second.nextMessage(WAIT));
    }
  }

  @Test
  void sendsTextAndBinary() throws Exception {
    ServerSocketRecorder recorder = upgrade(new ServerSocketRecorder());
    Connection connection = connect(config().build(), Cursor.none());
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());

    await(connection.send("héllo").toCompletableFuture());
    await(connection.send(new byte[] {9, 8}).toCompletableFuture());
    assertEquals("héllo", recorder.nextMessage(WAIT));
    assertEquals(ByteString.of((byte) 9, (byte) 8), recorder.nextMessage(WAIT));
  }

  @Test
  void sendBeforeTheUpgradeFailsNotOpen() throws Exception {
    try (RawWebSocketServer silent = new RawWebSocketServer(false)) {
      Connection connection = connect(config(silent.url()).build(), Cursor.none());
      silent.requestHead().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

      TidingsException e = failureOf(connection.send("too early"));
      assertEquals(FailureKind.NOT_OPEN, e.kind());
      assertTrue(e.getMessage().contains("not open yet"), e.getMessage());
      assertEquals(FailureKind.NOT_OPEN, failureOf(connection.send(new byte[1])).kind());

      connection.close();
      awaitTrue(() -> harness.client().dispatcher().runningCallsCount() == 0, "upgrade cancelled");
      assertEquals(List.of(), harness.drain());
    }
  }

  @Test
  void sendAfterCloseFailsNotOpen() throws Exception {
    ServerSocketRecorder recorder = upgrade(new ServerSocketRecorder());
    Connection connection = connect(config().build(), Cursor.none());
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());

    connection.close();
    TidingsException e = failureOf(connection.send("too late"));
    assertEquals(FailureKind.NOT_OPEN, e.kind());
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertEquals(1000, await(recorder.clientCloseCode));
  }

  @Test
  void sendAfterTheServerClosedFailsNotOpen() throws Exception {
    upgrade(new ServerSocketRecorder(ws -> ws.close(1001, "going away")));
    Connection connection = connect(config().build(), Cursor.none());
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    assertEquals(Kind.CLOSED, harness.next(WAIT).kind());

    assertEquals(FailureKind.NOT_OPEN, failureOf(connection.send("late")).kind());
  }

  @Test
  void sendFailsFastWithOverflowWhenTheServerDoesNotRead() throws Exception {
    long budget = 64 * 1024;
    try (RawWebSocketServer stuck = new RawWebSocketServer(true)) {
      Connection connection =
          connect(
              config(stuck.url())
                  .option(WebSocketTransportProvider.SEND_BUFFER, budget)
                  .option(WebSocketTransportProvider.PING_INTERVAL, Duration.ZERO)
                  .build(),
              Cursor.none());
      assertEquals(Kind.OPEN, harness.next(WAIT).kind());

      TidingsException tooBig = failureOf(connection.send(new byte[(int) budget + 1]));
      assertEquals(FailureKind.OVERFLOW, tooBig.kind());
      assertTrue(tooBig.getMessage().contains("tidings.websocket.send-buffer"));

      byte[] chunk = new byte[8 * 1024];
      long sent = 0;
      TidingsException overflow = null;
      while (overflow == null) {
        CompletableFuture<Void> stage = connection.send(chunk).toCompletableFuture();
        if (stage.isCompletedExceptionally()) {
          overflow = failureOf(stage);
        } else {
          await(stage);
          sent += chunk.length;
          assertTrue(sent < 256L * 1024 * 1024, "never overflowed after " + sent + " bytes");
        }
      }
      assertEquals(FailureKind.OVERFLOW, overflow.kind());
      assertTrue(
          overflow.getMessage().contains("tidings.websocket.send-buffer"), overflow.getMessage());
      // The socket is still up: OkHttp's own 16 MiB limit, which would close it, was never hit.
      assertEquals(List.of(), harness.drain());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1008, 4000})
  void closeFrameIsReportedWithItsCodeAndReasonAndAnswered(int code) throws Exception {
    ServerSocketRecorder recorder =
        upgrade(new ServerSocketRecorder(ws -> ws.close(code, "reason " + code)));
    connect(config().build(), Cursor.none());

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    Event closed = harness.next(WAIT);
    assertEquals(Kind.CLOSED, closed.kind());
    ServerClosedException e = assertInstanceOf(ServerClosedException.class, closed.error());
    assertEquals(code, e.code().getAsInt());
    assertEquals("reason " + code, e.reason());
    assertEquals(FailureKind.CLOSED_BY_SERVER, e.kind());
    assertTrue(e.getMessage().contains("code " + code), e.getMessage());
    await(recorder.ended);
    awaitTrue(() -> harness.client().dispatcher().runningCallsCount() == 0, "socket released");
    assertEquals(List.of(), harness.drain(), "onClosed is reported once");
  }

  @ParameterizedTest
  @ValueSource(ints = {403, 404, 502})
  void refusedUpgradeIsAnHttpStatusWithAProxyHint(int status) throws Exception {
    server.enqueue(new MockResponse.Builder().code(status).body("no websockets here").build());
    connect(config().build(), Cursor.none());

    Event closed = harness.next(WAIT);
    assertEquals(Kind.CLOSED, closed.kind());
    HttpStatusException e = assertInstanceOf(HttpStatusException.class, closed.error());
    assertEquals(status, e.statusCode());
    assertTrue(e.getMessage().contains("proxy"), e.getMessage());
    assertTrue(e.getMessage().contains("sse or longpoll"), e.getMessage());
    assertEquals(1, harness.requests());
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 500, 503})
  void anUpgradeAnsweredWithAStatusThatIsNotAboutWebSocketGetsNoProxyHint(int status)
      throws Exception {
    server.enqueue(new MockResponse.Builder().code(status).body("busy").build());
    connect(config().build(), Cursor.none());

    HttpStatusException e =
        assertInstanceOf(HttpStatusException.class, harness.next(Kind.CLOSED, WAIT).error());
    assertEquals(status, e.statusCode());
    assertFalse(e.getMessage().contains("proxy"), e.getMessage());
  }

  @Test
  void refusedUpgradeKeepsRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "7").build());
    connect(config().build(), Cursor.none());

    HttpStatusException e =
        assertInstanceOf(HttpStatusException.class, harness.next(Kind.CLOSED, WAIT).error());
    assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
  }

  @Test
  void connectionRefusedIsANetworkFailure() throws Exception {
    String url;
    try (RawWebSocketServer gone = new RawWebSocketServer(false)) {
      url = gone.url();
    }
    // The raw server's thread may still be in accept() when closed; the port is now closed.
    connect(config(url).build(), Cursor.none());
    TidingsException e = harness.next(Kind.CLOSED, WAIT).error();
    assertEquals(FailureKind.NETWORK, e.kind());
  }

  @Test
  void oversizedMessagesAreReportedAndDroppedAndTheNextOneArrives() throws Exception {
    String accented = "é".repeat(60); // 60 chars, 120 UTF-8 bytes
    upgrade(
        new ServerSocketRecorder(
            ws -> {
              ws.send("x".repeat(101));
              ws.send(accented);
              ws.send(ByteString.of(new byte[200]));
              ws.send("x".repeat(100));
            }));
    connect(config().maxMessageSize(100).build(), Cursor.none());

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    for (int i = 0; i < 3; i++) {
      Event error = harness.next(WAIT);
      assertEquals(Kind.ERROR, error.kind());
      MessageTooLargeException e = assertInstanceOf(MessageTooLargeException.class, error.error());
      assertEquals(100, e.limit());
      assertTrue(e.getMessage().contains("tidings.max-message-size"), e.getMessage());
    }
    assertEquals("x".repeat(100), harness.next(WAIT).frame().text());
    assertEquals(List.of(), harness.drain());
  }

  @Test
  void serverThatNeverAnswersPingsTimesOut() throws Exception {
    try (RawWebSocketServer deaf = new RawWebSocketServer(true)) {
      connect(
          config(deaf.url())
              .option(WebSocketTransportProvider.PING_INTERVAL, Duration.ofMillis(100))
              .build(),
          Cursor.none());

      assertEquals(Kind.OPEN, harness.next(WAIT).kind());
      Event closed = harness.next(WAIT);
      assertEquals(Kind.CLOSED, closed.kind());
      assertEquals(FailureKind.TIMEOUT, closed.error().kind());
      assertTrue(closed.error().getMessage().contains("ping"), closed.error().getMessage());
      assertTrue(
          closed.error().getMessage().contains("tidings.websocket.ping-interval"),
          closed.error().getMessage());
    }
  }

  @Test
  void closeFromInsideAListenerCallStopsFurtherCalls() throws Exception {
    ServerSocketRecorder recorder =
        upgrade(
            new ServerSocketRecorder(
                ws -> {
                  ws.send("1");
                  ws.send("2");
                  ws.send("3");
                }));
    CompletableFuture<Connection> self = new CompletableFuture<>();
    TransportProvider closingOnFirstFrame =
        new ForwardingProvider(
            listener ->
                new ForwardingListener(listener) {
                  @Override
                  public void onFrame(Frame frame) {
                    super.onFrame(frame);
                    self.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join().close();
                  }
                });
    harness = new ConnectionHarness(closingOnFirstFrame, config().build());
    self.complete(harness.connect(Cursor.none()));

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    assertEquals("1", harness.next(WAIT).frame().text());
    assertEquals(1000, await(recorder.clientCloseCode));
    await(recorder.ended);
    awaitTrue(() -> harness.client().dispatcher().runningCallsCount() == 0, "socket released");
    assertEquals(List.of(), harness.drain(), "no listener calls after close()");
  }

  @Test
  void closeFromInsideOnClosedStillAnswersTheServersCloseFrame() throws Exception {
    // Core closes the connection from inside onClosed; the reply to the server's close frame must
    // still go out before the socket is released.
    ServerSocketRecorder recorder = upgrade(new ServerSocketRecorder(ws -> ws.close(4000, "bye")));
    CompletableFuture<Connection> self = new CompletableFuture<>();
    TransportProvider likeCore =
        new ForwardingProvider(
            listener ->
                new ForwardingListener(listener) {
                  @Override
                  public void onClosed(TidingsException reason) {
                    super.onClosed(reason);
                    self.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join().close();
                  }
                });
    harness = new ConnectionHarness(likeCore, config().build());
    self.complete(harness.connect(Cursor.none()));

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    Event closed = harness.next(WAIT);
    assertEquals(Kind.CLOSED, closed.kind());
    assertEquals(4000, ((ServerClosedException) closed.error()).code().getAsInt());
    assertEquals(1000, await(recorder.clientCloseCode));
    await(recorder.ended);
    awaitTrue(() -> harness.client().dispatcher().runningCallsCount() == 0, "socket released");
  }

  @Test
  void serverDroppingTheSocketIsANetworkFailure() throws Exception {
    RawWebSocketServer dropping = new RawWebSocketServer(true);
    try {
      connect(config(dropping.url()).build(), Cursor.none());
      assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    } finally {
      dropping.close();
    }
    Event closed = harness.next(WAIT);
    assertEquals(Kind.CLOSED, closed.kind());
    assertEquals(FailureKind.NETWORK, closed.error().kind());
  }

  @Test
  void closeIsIdempotentAndLeavesNoThreadOrCallBehind() throws Exception {
    ServerSocketRecorder recorder = upgrade(new ServerSocketRecorder());
    Connection connection = connect(config().build(), Cursor.none());
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());

    connection.close();
    connection.close();
    assertEquals(1000, await(recorder.clientCloseCode));
    awaitTrue(() -> harness.client().dispatcher().runningCallsCount() == 0, "socket released");
    assertEquals(List.of(), harness.drain());
    assertFalse(
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().startsWith("harness-io")),
        "the transport starts no threads of its own");
  }

  @Test
  void closeCancelsTheSocketWhenTheServerIgnoresTheClosingHandshake() throws Exception {
    try (RawWebSocketServer deaf = new RawWebSocketServer(true)) {
      Connection connection =
          connect(
              config(deaf.url())
                  .option(WebSocketTransportProvider.PING_INTERVAL, Duration.ZERO)
                  .build(),
              Cursor.none());
      assertEquals(Kind.OPEN, harness.next(WAIT).kind());

      connection.close();
      awaitTrue(() -> harness.client().dispatcher().runningCallsCount() == 0, "socket cancelled");
      assertEquals(List.of(), harness.drain());
    }
  }

  /** Wraps the WebSocket provider, decorating the listener core would pass. */
  private static final class ForwardingProvider implements TransportProvider {
    private final TransportProvider delegate = new WebSocketTransportProvider();
    private final UnaryOperator<ConnectionListener> decorate;

    ForwardingProvider(UnaryOperator<ConnectionListener> decorate) {
      this.decorate = decorate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public Connection connect(TransportContext context, Cursor cursor, ConnectionListener l) {
      return delegate.connect(context, cursor, decorate.apply(l));
    }
  }

  /** Forwards every call. */
  private static class ForwardingListener implements ConnectionListener {
    private final ConnectionListener delegate;

    ForwardingListener(ConnectionListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onOpen() {
      delegate.onOpen();
    }

    @Override
    public void onFrame(Frame frame) {
      delegate.onFrame(frame);
    }

    @Override
    public void onHeartbeat() {
      delegate.onHeartbeat();
    }

    @Override
    public void onRetryHint(Duration delay) {
      delegate.onRetryHint(delay);
    }

    @Override
    public void onRequest() {
      delegate.onRequest();
    }

    @Override
    public void onEmptyResponse() {
      delegate.onEmptyResponse();
    }

    @Override
    public void onBytes(long count) {
      delegate.onBytes(count);
    }

    @Override
    public void onError(TidingsException error) {
      delegate.onError(error);
    }

    @Override
    public void onClosed(TidingsException reason) {
      delegate.onClosed(reason);
    }
  }
}
