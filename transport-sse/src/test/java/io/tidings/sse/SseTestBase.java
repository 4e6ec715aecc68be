package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Connection;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.testkit.junit.ConnectionHarness;
import io.tidings.testkit.junit.ConnectionHarness.Event;
import io.tidings.testkit.junit.ConnectionHarness.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer and a ConnectionHarness for the SSE transport, with assertion helpers. */
abstract class SseTestBase {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final List<LiveBody> liveBodies = new CopyOnWriteArrayList<>();
  MockWebServer server;
  ConnectionHarness harness;
  Connection connection;

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopAll() {
    if (harness != null) {
      harness.close();
    }
    liveBodies.forEach(LiveBody::end);
    server.close();
  }

  /** A 200 text/event-stream response with this body. */
  static MockResponse.Builder stream(String body) {
    return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body);
  }

  /** A 200 text/event-stream response with this body sent in HTTP chunks of {@code size} bytes. */
  static MockResponse.Builder chunked(String body, int size) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .chunkedBody(body, size);
  }

  /** Enqueues a 200 text/event-stream response that stays open; returns its body. */
  LiveBody enqueueLive(String initial) {
    LiveBody body = new LiveBody().send(initial);
    liveBodies.add(body);
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .body(body)
            .build());
    return body;
  }

  SubscriptionConfig.Builder config() {
    return SubscriptionConfig.builder().transport("sse").url(server.url("/events").toString());
  }

  Connection connect(Cursor cursor) {
    return connect(cursor, UnaryOperator.identity());
  }

  Connection connect(Cursor cursor, UnaryOperator<SubscriptionConfig.Builder> configure) {
    harness = new ConnectionHarness(new SseTransportProvider(), configure.apply(config()).build());
    connection = harness.connect(cursor);
    return connection;
  }

  Event next() throws InterruptedException {
    return harness.next(TIMEOUT);
  }

  void assertOpen() throws InterruptedException {
    assertEquals(Kind.OPEN, next().kind());
  }

  Frame assertFrame(String id, String type, String data) throws InterruptedException {
    Event e = next();
    assertEquals(Kind.FRAME, e.kind(), () -> "expected a frame, got " + e);
    Frame f = e.frame();
    assertEquals(Frame.Kind.EVENT, f.kind());
    assertEquals(data, f.text(), "data");
    assertEquals(type, f.type(), "type");
    assertEquals(id, f.id(), "id");
    return f;
  }

  <T extends TidingsException> T assertClosed(Class<T> type) throws InterruptedException {
    Event e = next();
    assertEquals(Kind.CLOSED, e.kind(), () -> "expected closed, got " + e);
    return assertInstanceOf(type, e.error());
  }

  /** After the closing event, nothing more arrives. */
  void assertExhausted() throws InterruptedException {
    List<Event> rest = harness.drain();
    assertTrue(rest.isEmpty(), () -> "unexpected events: " + rest);
  }
}
