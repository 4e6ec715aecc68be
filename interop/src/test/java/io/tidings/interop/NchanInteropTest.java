package io.tidings.interop;

import static io.tidings.interop.Received.END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.MessageFormat;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.shortpoll.ShortPollTransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.ChaosProxy;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tidings against nginx + nchan (Debian's nginx-light 1.22 + libnginx-mod-nchan 1.3), on all four
 * nchan subscriber types, in {@code tidings.format=raw} (nchan sends each message's body as it was
 * published). The subscriber's connection goes through a {@link ChaosProxy} that cuts it in the
 * middle of the feed.
 */
class NchanInteropTest {
  /** Messages published before the cut, and as many after it. */
  static final int HALF = 150;

  private static final Duration RETRY = Duration.ofMillis(50);

  /** The nchan subscriber type each Tidings transport talks to. */
  private static final Map<String, String> TYPES =
      Map.of(
          "longpoll", "longpoll",
          "shortpoll", "interval-poll",
          "sse", "eventsource",
          "websocket", "websocket");

  private static Nchan nchan;

  @BeforeAll
  static void start() throws Exception {
    nchan = Nchan.start(Received.work());
  }

  @AfterAll
  static void stop() throws Exception {
    if (nchan != null) {
      nchan.close();
    }
  }

  private static SubscriptionConfig config(String transport, String url) {
    return SubscriptionConfig.builder()
        .name("nchan-" + transport)
        .url(url)
        .transport(transport)
        .format(MessageFormat.RAW)
        .reconnectPolicy(ReconnectPolicy.fixedDelay(RETRY))
        .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(10))
        .build();
  }

  /** Messages published within one wall-clock second by {@link #publishOverSeconds}. */
  static final int PER_SECOND = 75;

  private static void publish(String channel, List<String> bodies) throws Exception {
    for (String body : bodies) {
      nchan.publish(channel, body);
    }
  }

  /**
   * Publishes {@link #PER_SECOND} messages, waits for the next wall-clock second, publishes the
   * next ones, and so on: nchan's {@code Etag} restarts at 0 every second, so messages of different
   * seconds share Etags and only {@code Last-Modified} tells them apart.
   */
  private static void publishOverSeconds(String channel, List<String> bodies) throws Exception {
    for (int from = 0; from < bodies.size(); from += PER_SECOND) {
      if (from > 0) {
        long second = System.currentTimeMillis() / 1000;
        Await.until(
            () -> System.currentTimeMillis() / 1000 > second,
            Duration.ofSeconds(5),
            "the next wall-clock second");
      }
      publish(channel, bodies.subList(from, Math.min(bodies.size(), from + PER_SECOND)));
    }
  }

  /**
   * Polls and SSE resume where they were after the cut: nchan identifies a message by {@code
   * Last-Modified} and {@code Etag} together (the Etag restarts at 0 every second), and its SSE ids
   * go back as {@code Last-Event-ID}. Half the feed is buffered before the subscription starts, the
   * cut comes after a third, the rest is published after the cut; the feed spans several seconds,
   * so Etags repeat (with the Etag alone as id, short and long poll lost messages here).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"longpoll", "shortpoll", "sse"})
  void everyMessageOnceInOrderAcrossACutConnection(String transport) throws Exception {
    String channel = "cut" + transport;
    publishOverSeconds(channel, Received.range("m", 1, HALF));
    RecordingListener listener = new RecordingListener();
    try (ChaosProxy proxy = ChaosProxy.start("127.0.0.1", nchan.port());
        Subscription sub =
            Tidings.subscribe(
                config(transport, proxy.url(nchan.url(TYPES.get(transport), channel))), listener)) {
      Received.awaitCount(listener, HALF / 3, "before the cut");
      long before = proxy.connectionsAccepted();
      proxy.cutAll();
      publishOverSeconds(channel, Received.range("m", HALF + 1, 2 * HALF));
      publish(channel, List.of(END));
      Received.assertExactlyOnce(listener, Received.range("m", 1, 2 * HALF), transport);
      assertTrue(
          proxy.connectionsAccepted() > before,
          transport + " connected again after the cut: " + proxy.connectionsAccepted());
    }
  }

  /**
   * nchan's WebSocket frames carry no id: a connection cannot resume. Exactly once holds for what
   * is published while connected: the cut comes between two halves, and the second half is
   * published once the subscription is open again.
   */
  @Test
  void webSocketEveryMessageOnceInOrderWhileConnected() throws Exception {
    String channel = "cutwebsocket";
    RecordingListener listener = new RecordingListener();
    try (ChaosProxy proxy = ChaosProxy.start("127.0.0.1", nchan.port());
        Subscription sub =
            Tidings.subscribe(
                config("websocket", proxy.url(nchan.url("websocket", channel))), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, Received.TIMEOUT), "open");
      publish(channel, Received.range("m", 1, HALF));
      Received.awaitCount(listener, HALF, "before the cut");
      proxy.cutAll();
      Await.until(
          () -> opened(listener) >= 2,
          Received.TIMEOUT,
          "the WebSocket to open again after the cut");
      publish(channel, Received.range("m", HALF + 1, 2 * HALF));
      publish(channel, List.of(END));
      Received.assertExactlyOnce(listener, Received.range("m", 1, 2 * HALF), "websocket");
    }
  }

  /**
   * The same channel on all four transports at once: every transport delivers the same {@code
   * data()} for each message (raw: the body as published, byte for byte).
   */
  @Test
  void dataMeansTheSameOnEveryTransport() throws Exception {
    String channel = "same";
    List<String> bodies =
        List.of(
            "m1",
            "hello \"world\"",
            "\"a JSON string\"",
            "{\"a\":1,\"b\":[true,null]}",
            "42",
            "üñïçødé ✓",
            "two\nlines");
    Map<String, RecordingListener> listeners = new LinkedHashMap<>();
    List<Subscription> subs = new ArrayList<>();
    try {
      for (String transport : TYPES.keySet()) {
        RecordingListener listener = new RecordingListener();
        listeners.put(transport, listener);
        subs.add(
            Tidings.subscribe(
                config(transport, nchan.url(TYPES.get(transport), channel)), listener));
      }
      // The WebSocket starts at the newest message: wait until it is subscribed.
      Subscription ws = subs.get(new ArrayList<>(TYPES.keySet()).indexOf("websocket"));
      assertTrue(ws.awaitState(SubscriptionState.OPEN, Received.TIMEOUT), "websocket open");
      publish(channel, bodies);
      publish(channel, List.of(END));
      for (Map.Entry<String, RecordingListener> e : listeners.entrySet()) {
        Received.assertExactlyOnce(e.getValue(), bodies, e.getKey());
      }
    } finally {
      subs.forEach(Subscription::close);
    }
  }

  /**
   * nchan ends a held long poll with {@code 408} ({@code nchan_subscriber_timeout}): nothing new,
   * not an error: the subscription stays open and polls on.
   */
  @Test
  void longPollTimeoutOfNchanIsNothingNew() throws Exception {
    String channel = "quiet";
    RecordingListener listener = new RecordingListener();
    try (Subscription sub =
        Tidings.subscribe(config("longpoll", nchan.url("longpoll", channel)), listener)) {
      Await.until(
          () -> sub.stats().emptyResponses() >= 2,
          Received.TIMEOUT,
          "two held polls ended by nchan's 408 (empty answers: "
              + sub.stats().emptyResponses()
              + ")");
      assertEquals(SubscriptionState.OPEN, sub.state(), "state after the 408s");
      publish(channel, List.of("after the timeout", END));
      Received.assertExactlyOnce(listener, List.of("after the timeout"), "longpoll");
      assertEquals(List.of(), listener.errors(), "errors");
    }
  }

  /**
   * Issue 10 (6b): a WebSocket server that sends plain text, read with the default {@code
   * tidings.format=json}: each frame is a {@code DecodeException} that suggests {@code
   * tidings.format=raw}, and the subscription stays open.
   */
  @Test
  void plainTextWebSocketInJsonFormatSuggestsRaw() throws Exception {
    String channel = "textws";
    RecordingListener listener = new RecordingListener();
    try (Subscription sub =
        Tidings.subscribe(
            SubscriptionConfig.builder()
                .url(nchan.url("websocket", channel))
                .transport("websocket")
                .build(),
            listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, Received.TIMEOUT), "open");
      publish(channel, List.of("m1", "m2", "{\"id\":\"3\",\"data\":\"m3\"}"));
      Received.awaitCount(listener, 1, "after the frames that are not JSON");
      assertEquals(List.of("m3"), Received.data(listener));
      assertEquals(2, listener.errors().size(), "one error per plain text frame");
      for (TidingsException e : listener.errors()) {
        assertInstanceOf(DecodeException.class, e);
        assertTrue(e.getMessage().contains("set tidings.format=raw"), e.getMessage());
      }
      assertEquals(SubscriptionState.OPEN, sub.state());
    }
  }

  private static long opened(RecordingListener listener) {
    return listener.states().stream().filter(e -> e.to() == SubscriptionState.OPEN).count();
  }
}
