package io.tidings.interop;

import static io.tidings.interop.Received.END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.Await;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tidings against servers built on npm packages nobody here wrote: {@code ws} 8 (WebSocket, frames
 * that are JSON envelopes {@code {"id","data"}}, resume by the {@code lastEventId} query parameter)
 * and {@code better-sse} 0.16 (SSE, data written with {@code JSON.stringify}, resume by {@code
 * Last-Event-ID}), in the default {@code tidings.format=json}. Each server keeps its log in a file,
 * so a restart keeps the history; a test restarts it in the middle of the feed.
 */
class NodeServersInteropTest {
  static final int HALF = 150;

  private static final Duration RETRY = Duration.ofMillis(50);

  /** The Tidings transport, its server script and the feed's path. */
  private static final Map<String, String[]> SERVERS =
      Map.of(
          "websocket", new String[] {"ws-server.mjs", "ws", "/ws"},
          "sse", new String[] {"sse-server.mjs", "http", "/sse"});

  private static NodeServer start(String transport) throws Exception {
    return NodeServer.start(SERVERS.get(transport)[0]);
  }

  private static Subscription subscribe(
      String transport, NodeServer server, RecordingListener listener) {
    String[] s = SERVERS.get(transport);
    return Tidings.subscribe(
        SubscriptionConfig.builder()
            .name("node-" + transport)
            .url(server.url(s[1], s[2]))
            .transport(transport)
            .reconnectPolicy(ReconnectPolicy.fixedDelay(RETRY))
            .build(),
        listener);
  }

  /**
   * Half the feed, a restart of the server once the subscriber has all of it, the other half: the
   * reconnect asks for the messages after the last one it got (the server records it), and every
   * message arrives once, in order.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse"})
  void everyMessageOnceInOrderAcrossAServerRestart(String transport) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (NodeServer server = start(transport);
        Subscription sub = subscribe(transport, server, listener)) {
      server.publish(Received.range("m", 1, HALF));
      Received.awaitCount(listener, HALF, "before the restart");
      server.restart();
      Await.until(
          () -> connections(server).size() >= 1,
          Received.TIMEOUT,
          transport + " to connect to the restarted server");
      server.publish(Received.range("m", HALF + 1, 2 * HALF));
      server.publish(List.of(END));
      Received.assertExactlyOnce(listener, Received.range("m", 1, 2 * HALF), transport);
      assertEquals(
          String.valueOf(HALF),
          connections(server).get(0),
          transport + " resumed after the last message it had");
      // Issue 10 (6d): a server that went away is said as such, with what happens next.
      List<String> said =
          listener.errors().stream().map(Throwable::getMessage).collect(Collectors.toList());
      assertTrue(
          said.stream().anyMatch(m -> m.startsWith("The server closed the connection")),
          transport + " said the server closed the connection: " + said);
    }
  }

  /**
   * A JSON string, an object, a number: the ws server sends them as an envelope's {@code data},
   * better-sse as the SSE {@code data:} line ({@code data: "hello \"world\""}). {@code data()} is
   * the same on both: a JSON string's content, the JSON text of anything else.
   */
  @Test
  void dataMeansTheSameOnWebSocketAndSse() throws Exception {
    List<Object> values =
        List.of("hello \"world\"", Map.of("a", 1), List.of(true, 2.5, "x"), 42, "üñï ✓", "");
    List<String> expected =
        List.of("hello \"world\"", "{\"a\":1}", "[true,2.5,\"x\"]", "42", "üñï ✓", "");
    for (String transport : List.of("websocket", "sse")) {
      RecordingListener listener = new RecordingListener();
      try (NodeServer server = start(transport);
          Subscription sub = subscribe(transport, server, listener)) {
        server.publish(values);
        server.publish(List.of(END));
        Received.assertExactlyOnce(listener, expected, transport);
      }
    }
  }

  private static List<String> connections(NodeServer server) {
    try {
      return server.connections();
    } catch (Exception e) {
      return List.of();
    }
  }
}
