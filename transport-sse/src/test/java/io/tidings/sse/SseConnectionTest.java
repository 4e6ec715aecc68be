package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConnectionException;
import io.tidings.FailureKind;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.ServerClosedException;
import io.tidings.Subscription;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.spi.Cursor;
import io.tidings.testkit.junit.ConnectionHarness.Event;
import io.tidings.testkit.junit.ConnectionHarness.Kind;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP side of an SSE connection: request, statuses, content type, failures, close. */
class SseConnectionTest extends SseTestBase {
  @Test
  void requestCarriesHeadersAndCursor() throws Exception {
    String body = "id: 42\ndata: a\n\n";
    server.enqueue(stream(body).build());
    connect(Cursor.of("41"), c -> c.header("X-Feed", "prices"));
    assertOpen();
    assertFrame("42", "message", "a");
    assertClosed(ServerClosedException.class);

    RecordedRequest request = server.takeRequest();
    assertEquals("GET", request.getMethod());
    assertEquals("/events", request.getUrl().encodedPath());
    assertEquals("text/event-stream", request.getHeaders().get("Accept"));
    assertEquals("no-cache", request.getHeaders().get("Cache-Control"));
    assertEquals("prices", request.getHeaders().get("X-Feed"));
    assertEquals("41", request.getHeaders().get("Last-Event-ID"));
    assertEquals(1, harness.requests());
    assertEquals(body.length(), harness.bytes());
  }

  @Test
  void postWithABodyIsSentOnEveryConnectWithLastEventIdOnResume() throws Exception {
    server.enqueue(stream("id: 1\ndata: {}\n\nid: 2\ndata: {}\n\n").build());
    server.enqueue(stream("id: 3\ndata: {}\n\n").build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    RecordingListener recorder = new RecordingListener();
    try (Subscription sub =
        Tidings.subscribe(
            config()
                .option(SseTransportProvider.METHOD, "POST")
                .option(SseTransportProvider.BODY, "{\"model\":\"m\",\"stream\":true}")
                .reconnectPolicy(
                    ReconnectPolicy.exponentialBackoff()
                        .initialDelay(Duration.ofMillis(10))
                        .build())
                .build(),
            recorder)) {
      assertNull(recorder.awaitClosed(TIMEOUT), "204 ends the subscription normally");
      assertEquals(
          java.util.List.of("1", "2", "3"), recorder.messages().stream().map(Message::id).toList());
    }
    for (String lastEventId : new String[] {null, "2", "3"}) {
      RecordedRequest request = server.takeRequest();
      assertEquals("POST", request.getMethod());
      assertEquals("{\"model\":\"m\",\"stream\":true}", request.getBody().utf8());
      assertTrue(
          request.getHeaders().get("Content-Type").startsWith("application/json"),
          request.getHeaders().get("Content-Type"));
      assertEquals("text/event-stream", request.getHeaders().get("Accept"));
      assertEquals(lastEventId, request.getHeaders().get("Last-Event-ID"));
    }
  }

  @Test
  void throughCoreAReplayedEventIsDroppedAndAnEmptyIdClearsTheCursor() throws Exception {
    server.enqueue(stream("id: 1\ndata: {}\n\nid: 2\ndata: {}\n\n").build());
    // This server resumes inclusively: it replays the event at the cursor, then clears the id.
    server.enqueue(stream("id: 2\ndata: {}\n\nid: 3\ndata: {}\n\nid:\ndata: {}\n\n").build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    RecordingListener recorder = new RecordingListener();
    try (Subscription sub =
        Tidings.subscribe(
            config()
                .reconnectPolicy(
                    ReconnectPolicy.exponentialBackoff()
                        .initialDelay(Duration.ofMillis(10))
                        .build())
                .build(),
            recorder)) {
      assertNull(recorder.awaitClosed(TIMEOUT), "204 ends the subscription normally");
      assertEquals(
          java.util.Arrays.asList("1", "2", "3", null),
          recorder.messages().stream().map(Message::id).toList());
      assertEquals(1, sub.stats().duplicatesDropped());
    }
    assertNull(server.takeRequest().getHeaders().get("Last-Event-ID"));
    assertEquals("2", server.takeRequest().getHeaders().get("Last-Event-ID"));
    assertNull(server.takeRequest().getHeaders().get("Last-Event-ID"), "the id was cleared");
  }

  @Test
  void noLastEventIdWithoutCursor() throws Exception {
    server.enqueue(stream("data: a\n\n").build());
    connect(Cursor.none());
    assertOpen();
    assertFrame(null, "message", "a");
    assertClosed(ServerClosedException.class);
    assertNull(server.takeRequest().getHeaders().get("Last-Event-ID"));
  }

  @Test
  void emptyCursorSendsNoLastEventId() throws Exception {
    // An empty id ("id:" alone) clears the last event id: nothing to resume from.
    server.enqueue(stream("data: a\n\n").build());
    connect(Cursor.of(""));
    assertOpen();
    assertFrame(null, "message", "a");
    assertNull(server.takeRequest().getHeaders().get("Last-Event-ID"));
  }

  @Test
  void configuredHeadersCannotReplaceAccept() throws Exception {
    server.enqueue(stream("data: a\n\n").build());
    connect(Cursor.none(), c -> c.header("Accept", "application/json"));
    assertOpen();
    assertEquals("text/event-stream", server.takeRequest().getHeaders().get("Accept"));
  }

  @Test
  void noContentStopsReconnecting() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    connect(Cursor.none());
    HttpStatusException e = assertClosed(HttpStatusException.class);
    assertEquals(204, e.statusCode());
    assertTrue(e.getMessage().contains("stop reconnecting"), e.getMessage());
    assertExhausted();
    assertEquals(1, harness.requests());
  }

  @Test
  void errorStatusCarriesRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7").build());
    connect(Cursor.none());
    HttpStatusException e = assertClosed(HttpStatusException.class);
    assertEquals(503, e.statusCode());
    assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
    assertExhausted();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {201, 401, 404, 500})
  void otherStatusesFail(int code) throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .setHeader("Content-Type", "text/event-stream")
            .body("data: not read\n\n")
            .build());
    connect(Cursor.none());
    assertEquals(code, assertClosed(HttpStatusException.class).statusCode());
    assertExhausted();
  }

  @Test
  void wrongContentTypeIsAProtocolError() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json; charset=utf-8")
            .body("[]")
            .build());
    connect(Cursor.none());
    ProtocolException e = assertClosed(ProtocolException.class);
    assertTrue(e.getMessage().contains("application/json; charset=utf-8"), e.getMessage());
    assertTrue(e.getMessage().contains("text/event-stream"), e.getMessage());
    assertExhausted();
  }

  @Test
  void missingContentTypeIsAProtocolError() throws Exception {
    server.enqueue(new MockResponse.Builder().removeHeader("Content-Type").body("x").build());
    connect(Cursor.none());
    assertTrue(assertClosed(ProtocolException.class).getMessage().contains("no Content-Type"));
  }

  @Test
  void contentTypeParametersAndCaseAreIgnored() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "Text/Event-Stream; charset=utf-8")
            .body("data: a\n\n")
            .build());
    connect(Cursor.none());
    assertOpen();
    assertFrame(null, "message", "a");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {301, 307})
  void redirectsAreFollowed(int code) throws Exception {
    server.enqueue(new MockResponse.Builder().code(code).setHeader("Location", "/moved").build());
    server.enqueue(stream("id: 1\ndata: a\n\n").build());
    connect(Cursor.of("0"));
    assertOpen();
    assertFrame("1", "message", "a");
    assertClosed(ServerClosedException.class);
    server.takeRequest();
    RecordedRequest moved = server.takeRequest();
    assertEquals("/moved", moved.getUrl().encodedPath());
    assertEquals("0", moved.getHeaders().get("Last-Event-ID"));
  }

  @Test
  void refusedConnectionIsANetworkFailure() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String url = gone.url("/events").toString();
    gone.close();
    connect(Cursor.none(), c -> c.url(url));
    ConnectionException e = assertClosed(ConnectionException.class);
    assertEquals(FailureKind.NETWORK, e.kind());
  }

  @Test
  void stallIsATimeout() throws Exception {
    enqueueLive(": hello\n");
    connect(Cursor.none(), c -> c.stallTimeout(Duration.ofMillis(300)));
    assertOpen();
    assertEquals(Kind.HEARTBEAT, next().kind());
    TidingsException e = assertClosed(TidingsException.class);
    assertEquals(FailureKind.TIMEOUT, e.kind(), e::toString);
    assertExhausted();
  }

  @Test
  void droppedConnectionIsANetworkFailureOrEnd() throws Exception {
    server.enqueue(
        stream("data: a\n\ndata: cut")
            .onResponseEnd(new SocketEffect.CloseSocket(true, true, true))
            .build());
    connect(Cursor.none());
    assertOpen();
    assertFrame(null, "message", "a");
    Event closed = next();
    assertEquals(Kind.CLOSED, closed.kind());
    assertExhausted();
  }

  @Test
  void closeEndsTheReaderAndReportsNothingMore() throws Exception {
    enqueueLive("data: a\n\n");
    connect(Cursor.none());
    Event open = next();
    assertEquals(Kind.OPEN, open.kind());
    assertFrame(null, "message", "a");
    Thread reader = findThread(open.thread());
    connection.close();
    connection.close(); // idempotent
    reader.join(TIMEOUT.toMillis());
    assertFalse(reader.isAlive(), "the reader thread ended");
    assertExhausted();
  }

  static Thread findThread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + name));
  }
}
