package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.Message;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.longpoll.LongPollTransportProvider;
import io.tidings.shortpoll.ShortPollTransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.Unavailable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fallback, probe-back and {@code switchTransport} against the reference server with all four
 * transports on the class path, while a feed runs: every message published arrives exactly once and
 * in order across every move.
 */
class FallbackEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private ReferenceServer server;
  private final Feed feed = new Feed();
  private final Received received = new Received();

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

  @Test
  void refusedUpgradesFallToSseAndAProbeComesBackWhenUpgradesWork() throws Exception {
    server.faults().makeUnavailable("websocket", Unavailable.REFUSE_UPGRADE);
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), received)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("sse", sub.transport());
      feed.start(server);
      Await.until(() -> received.count() >= 20, WAIT, "messages over sse");
      assertEquals(1, sub.stats().fallbacks());
      server.faults().makeAvailable("websocket");
      Await.until(() -> "websocket".equals(sub.transport()), WAIT, "the probe to switch back");
      int atSwitch = received.count();
      Await.until(() -> received.count() >= atSwitch + 20, WAIT, "messages over websocket");
      feed.stop();
      received.assertExactlyOnceInOrder(feed.ids());
      assertTrue(sub.stats().probes() >= 1);
      assertEquals(1, sub.stats().switches());
      assertEquals(
          List.of("websocket->sse", "sse->websocket"), received.changes(), "onTransportChange");
    }
  }

  @Test
  void anSseResponseThatIsNotAnEventStreamFallsToLongPolling() throws Exception {
    server.faults().makeUnavailable("sse", Unavailable.WRONG_CONTENT_TYPE);
    try (Subscription sub = Tidings.subscribe(config("sse,longpoll").build(), received)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("longpoll", sub.transport());
      feed.start(server);
      Await.until(() -> received.count() >= 20, WAIT, "messages over long polling");
      feed.stop();
      received.assertExactlyOnceInOrder(feed.ids());
    }
  }

  @Test
  void aBufferedSseStreamFallsToLongPollingAfterTheStallTimeout() throws Exception {
    server.faults().makeUnavailable("sse", Unavailable.BUFFERED);
    try (Subscription sub = Tidings.subscribe(config("sse,longpoll").build(), received)) {
      Await.until(() -> "longpoll".equals(sub.transport()), WAIT, "the fall to long polling");
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      feed.start(server);
      Await.until(() -> received.count() >= 20, WAIT, "messages over long polling");
      feed.stop();
      received.assertExactlyOnceInOrder(feed.ids());
      assertEquals(1, sub.stats().fallbacks());
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
        Tidings.subscribe(config("websocket,sse,longpoll,shortpoll").build(), received)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      feed.start(server);
      for (String to : path) {
        int before = received.count();
        sub.switchTransport(to).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(to, sub.transport());
        Await.until(() -> received.count() >= before + 5, WAIT, "messages over " + to);
      }
      feed.stop();
      received.assertExactlyOnceInOrder(feed.ids());
      assertEquals(path.size(), sub.stats().switches());
      assertEquals(path.size(), received.changes().size());
    }
  }

  @Test
  void randomCutsWhileUpgradesComeAndGoKeepExactlyOnceInOrder() throws Exception {
    server.faults().dropRandomly(42, 0.05);
    try (Subscription sub = Tidings.subscribe(config("websocket,sse").build(), received)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      feed.start(server);
      for (int round = 0; round < 6; round++) {
        int before = received.count();
        if (round % 2 == 0) {
          server.faults().makeUnavailable("websocket", Unavailable.REFUSE_UPGRADE);
          server.faults().dropActive(); // the open socket goes; its reconnect is refused
          Await.until(() -> "sse".equals(sub.transport()), WAIT, "the fall to sse");
        } else {
          server.faults().makeAvailable("websocket");
          Await.until(() -> "websocket".equals(sub.transport()), WAIT, "the probe back");
        }
        Await.until(() -> received.count() >= before + 10, WAIT, "messages in round " + round);
      }
      feed.stop();
      received.assertExactlyOnceInOrder(feed.ids());
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

  /** What the listener received. Thread-safe. */
  private static final class Received implements SubscriptionListener {
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final List<String> changes = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
      ids.add(message.id());
    }

    @Override
    public void onTransportChange(String from, String to, String reason) {
      changes.add(from + "->" + to);
    }

    int count() {
      return ids.size();
    }

    List<String> changes() {
      return List.copyOf(changes);
    }

    /** Waits for the last published id, then compares: no gap, no repeat, same order. */
    void assertExactlyOnceInOrder(List<String> published) throws InterruptedException {
      String last = published.get(published.size() - 1);
      Await.until(() -> ids.contains(last), WAIT, "the last published message " + last);
      List<String> got = new ArrayList<>(ids);
      assertEquals(published, got, "exactly once, in order");
    }
  }
}
