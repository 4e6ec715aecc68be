package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.longpoll.LongPollTransportProvider;
import io.tidings.shortpoll.ShortPollTransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.Unavailable;
import io.tidings.testkit.junit.RecordingListener;
import io.tidings.testkit.junit.RecordingListener.TransportChange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fallback, probe-back and {@code switchTransport} against the reference server with all four
 * transports on the class path, each switchable off ({@code Faults.makeUnavailable}), while a feed
 * runs. Every test ends with the conformance suite's checker ({@link
 * RecordingListener#assertNextMessageIds} then {@link RecordingListener#assertExhausted}): every
 * message published arrived exactly once and in order across every move.
 */
class FallbackEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private ReferenceServer server;
  private final Feed feed = new Feed();
  // Failures that start a fallback or a reconnect are reported through onError: skipped here, the
  // moves are asserted through transport changes and the stats.
  private final RecordingListener listener =
      new RecordingListener().skip(RecordingListener.Kind.ERROR);

  @BeforeEach
  void start() {
    // A reader without a cursor gets the retained history (the default), so every message
    // published since the server started is due, whenever the first connection lands.
    server = ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(200)).start();
  }

  @AfterEach
  void stop() throws Exception {
    feed.stop();
    server.close();
  }

  private SubscriptionConfig.Builder config(String transports) {
    return SubscriptionConfig.builder()
        .url(server.url())
        .transports(List.of(transports.split(",")))
        .stallTimeout(Duration.ofSeconds(2))
        .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(50)))
        .fallbackProbeInterval(Duration.ofMillis(500))
        .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(50))
        .option(LongPollTransportProvider.WAIT, Duration.ofSeconds(1));
  }

  private int received() {
    return listener.messages().size();
  }

  /** Waits until {@code n} more messages than now arrived, the last of them over {@code over}. */
  private void awaitMoreOver(int n, String over) throws InterruptedException {
    int before = received();
    Await.until(
        () -> {
          List<Message> m = listener.messages();
          return m.size() >= before + n && over.equals(m.get(m.size() - 1).transport());
        },
        WAIT,
        n + " more messages over " + over);
  }

  /** Stops the feed and runs the conformance suite's checker over everything it published. */
  private void assertEveryMessageExactlyOnceInOrder() throws InterruptedException {
    feed.stop();
    listener.assertNextMessageIds(feed.ids(), WAIT);
    listener.assertExhausted();
  }

  private List<String> moves() {
    return listener.transportChanges().stream()
        .map(TransportChange::move)
        .collect(Collectors.toList());
  }

  @Test
  void refusedUpgradesFallToSseAndAProbeComesBackWhenUpgradesWork() throws Exception {
    server.faults().makeUnavailable("websocket", Unavailable.REFUSE_UPGRADE);
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("sse", sub.transport());
      feed.start(server);
      awaitMoreOver(20, "sse");
      assertEquals(1, sub.stats().fallbacks());
      server.faults().makeAvailable("websocket");
      Await.until(() -> "websocket".equals(sub.transport()), WAIT, "the probe to switch back");
      awaitMoreOver(20, "websocket");
      assertEveryMessageExactlyOnceInOrder();
      assertTrue(sub.stats().probes() >= 1);
      assertEquals(1, sub.stats().switches());
      assertEquals(List.of("websocket->sse", "sse->websocket"), moves(), "onTransportChange");
    }
  }

  @Test
  void aConnectionClosedBeforeTheUpgradeIsAnsweredFallsToSseAndComesBack() throws Exception {
    server.faults().makeUnavailable("websocket", Unavailable.CLOSE_BEFORE_UPGRADE);
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("sse", sub.transport());
      ProtocolException closed = listener.assertNextError(ProtocolException.class, WAIT);
      assertTrue(
          closed.getMessage().contains("closed before the WebSocket upgrade was answered"),
          closed.getMessage());
      feed.start(server);
      awaitMoreOver(20, "sse");
      server.faults().makeAvailable("websocket");
      Await.until(() -> "websocket".equals(sub.transport()), WAIT, "the probe to switch back");
      awaitMoreOver(20, "websocket");
      assertEveryMessageExactlyOnceInOrder();
      assertEquals(List.of("websocket->sse", "sse->websocket"), moves());
    }
  }

  @Test
  void anSseResponseThatIsNotAnEventStreamFallsToLongPolling() throws Exception {
    server.faults().makeUnavailable("sse", Unavailable.WRONG_CONTENT_TYPE);
    try (Subscription sub = Tidings.subscribe(config("sse,longpoll").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("longpoll", sub.transport());
      feed.start(server);
      awaitMoreOver(20, "longpoll");
      assertEveryMessageExactlyOnceInOrder();
      assertEquals(List.of("sse->longpoll"), moves());
    }
  }

  @Test
  void aBufferedSseStreamFallsToLongPollingAfterTheStallTimeout() throws Exception {
    server.faults().makeUnavailable("sse", Unavailable.BUFFERED);
    try (Subscription sub = Tidings.subscribe(config("sse,longpoll").build(), listener)) {
      Await.until(() -> "longpoll".equals(sub.transport()), WAIT, "the fall to long polling");
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      feed.start(server);
      awaitMoreOver(20, "longpoll");
      assertEveryMessageExactlyOnceInOrder();
      assertEquals(1, sub.stats().fallbacks());
    }
  }

  @Test
  void aLongPollAnsweredWithAnErrorPageFallsToShortPollingAndComesBack() throws Exception {
    server.faults().makeUnavailable("longpoll", Unavailable.ERROR_PAGE);
    try (Subscription sub = Tidings.subscribe(config("longpoll,shortpoll").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("shortpoll", sub.transport());
      ProtocolException notABatch = listener.assertNextError(ProtocolException.class, WAIT);
      assertTrue(notABatch.getMessage().contains("not a batch"), notABatch.getMessage());
      feed.start(server);
      awaitMoreOver(20, "shortpoll");
      server.faults().makeAvailable("longpoll");
      Await.until(() -> "longpoll".equals(sub.transport()), WAIT, "the probe to switch back");
      awaitMoreOver(20, "longpoll");
      assertEveryMessageExactlyOnceInOrder();
      assertEquals(List.of("longpoll->shortpoll", "shortpoll->longpoll"), moves());
      assertEquals(1, sub.stats().fallbacks());
    }
  }

  @Test
  void eachUnavailableTransportWalksDownTheWholeListAndAProbeComesBackToTheFirst()
      throws Exception {
    server.faults().makeUnavailable("websocket", Unavailable.REFUSE_UPGRADE);
    server.faults().makeUnavailable("sse", Unavailable.WRONG_CONTENT_TYPE);
    server.faults().makeUnavailable("longpoll", Unavailable.ERROR_PAGE);
    try (Subscription sub =
        Tidings.subscribe(config("websocket,sse,longpoll,shortpoll").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("shortpoll", sub.transport());
      feed.start(server);
      awaitMoreOver(20, "shortpoll");
      assertEquals(3, sub.stats().fallbacks());
      server.faults().makeAvailable("websocket");
      server.faults().makeAvailable("sse");
      server.faults().makeAvailable("longpoll");
      Await.until(() -> "websocket".equals(sub.transport()), WAIT, "the probe to the first");
      awaitMoreOver(20, "websocket");
      assertEveryMessageExactlyOnceInOrder();
      assertEquals(
          List.of("websocket->sse", "sse->longpoll", "longpoll->shortpoll", "shortpoll->websocket"),
          moves());
    }
  }

  @Test
  void whenEveryTransportIsUnavailableItStartsAgainFromTheFirstUntilOneWorks() throws Exception {
    server.faults().makeUnavailable("websocket", Unavailable.REFUSE_UPGRADE);
    server.faults().makeUnavailable("sse", Unavailable.WRONG_CONTENT_TYPE);
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), listener)) {
      Await.until(
          () -> server.requests("websocket").size() >= 3, WAIT, "rounds over the whole list");
      assertTrue(sub.state() != SubscriptionState.OPEN, "never opened");
      feed.start(server);
      server.faults().makeAvailable("sse");
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      awaitMoreOver(20, "sse");
      assertEveryMessageExactlyOnceInOrder();
      assertTrue(sub.stats().fallbacks() >= 4, () -> "fallbacks: " + sub.stats());
    }
  }

  @Test
  void networkFailuresAnd5xxReconnectOnTheSameTransportAndNeverDowngrade() throws Exception {
    server.faults().dropRandomly(7, 0.05);
    try (Subscription sub =
        Tidings.subscribe(config("websocket,sse,longpoll,shortpoll").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      feed.start(server);
      awaitMoreOver(20, "websocket");
      server.faults().respond(503, 2);
      server.faults().dropActive(); // its reconnects are answered 503 twice, then served
      Await.until(() -> sub.stats().reconnects() >= 3, WAIT, "reconnects");
      awaitMoreOver(40, "websocket");
      assertEveryMessageExactlyOnceInOrder();
      assertEquals("websocket", sub.transport());
      assertEquals(0, sub.stats().fallbacks(), () -> sub.stats().toString());
      assertEquals(List.of(), moves());
      assertTrue(server.requests("sse").isEmpty(), "no other transport was tried");
    }
  }

  @Test
  void a401IsFatalAndDoesNotWalkDownTheList() throws Exception {
    server.faults().requireToken("secret-token");
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), listener)) {
      GaveUpException gaveUp =
          assertInstanceOf(GaveUpException.class, listener.awaitClosed(WAIT), "ends");
      assertEquals(
          401, assertInstanceOf(HttpStatusException.class, gaveUp.getCause()).statusCode());
      assertEquals(0, sub.stats().fallbacks());
      assertTrue(server.requests("sse").isEmpty(), "a fatal status does not walk the list");
    }
  }

  @Test
  void a403ThatEveryTransportGetsIsFatalAfterTheRefusedUpgradeFellBack() throws Exception {
    server.faults().respond(403, 2);
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), listener)) {
      GaveUpException gaveUp =
          assertInstanceOf(GaveUpException.class, listener.awaitClosed(WAIT), "ends");
      assertEquals(
          403, assertInstanceOf(HttpStatusException.class, gaveUp.getCause()).statusCode());
      assertEquals(1, sub.stats().fallbacks(), "the refused upgrade fell back to sse");
      assertEquals(List.of("websocket->sse"), moves());
    }
  }

  @Test
  void switchTransportBetweenEveryPairLosesAndRepeatsNothing() throws Exception {
    // Every ordered pair of the four transports once: an Euler circuit of the complete graph.
    List<String> path =
        List.of(
            "sse",
            "longpoll",
            "shortpoll",
            "websocket",
            "longpoll",
            "sse",
            "shortpoll",
            "longpoll",
            "websocket",
            "shortpoll",
            "sse",
            "websocket");
    try (Subscription sub =
        Tidings.subscribe(config("websocket,sse,longpoll,shortpoll").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      feed.start(server);
      for (String to : path) {
        sub.switchTransport(to).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(to, sub.transport());
        awaitMoreOver(5, to);
      }
      assertEveryMessageExactlyOnceInOrder();
      assertEquals(path.size(), sub.stats().switches());
      List<String> expected = new java.util.ArrayList<>();
      String from = "websocket";
      for (String to : path) {
        expected.add(from + "->" + to);
        from = to;
      }
      assertEquals(expected, moves());
    }
  }

  @Test
  void randomCutsWhileUpgradesComeAndGoKeepExactlyOnceInOrder() throws Exception {
    server.faults().dropRandomly(42, 0.05);
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      feed.start(server);
      for (int round = 0; round < 6; round++) {
        if (round % 2 == 0) {
          server.faults().makeUnavailable("websocket", Unavailable.REFUSE_UPGRADE);
          server.faults().dropActive(); // the open socket goes; its reconnect is refused
          Await.until(() -> "sse".equals(sub.transport()), WAIT, "the fall to sse");
          awaitMoreOver(10, "sse");
        } else {
          server.faults().makeAvailable("websocket");
          Await.until(() -> "websocket".equals(sub.transport()), WAIT, "the probe back");
          awaitMoreOver(10, "websocket");
        }
      }
      assertEveryMessageExactlyOnceInOrder();
      assertTrue(sub.stats().fallbacks() >= 3, () -> "fallbacks: " + sub.stats());
      assertTrue(sub.stats().switches() >= 3, () -> "switches: " + sub.stats());
    }
  }

  /** Publishes a message every 10 ms on its own thread, remembering the ids. */
  private static final class Feed {
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    void start(ReferenceServer server) {
      running.set(true);
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  ids.add(server.publish(1).get(0));
                  try {
                    TimeUnit.MILLISECONDS.sleep(10); // the feed's pace, not a wait for an outcome
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "feed");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      if (thread != null) {
        thread.join(WAIT.toMillis());
      }
    }

    List<String> ids() {
      return List.copyOf(ids);
    }
  }
}
