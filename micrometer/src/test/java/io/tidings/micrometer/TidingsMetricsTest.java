package io.tidings.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.TidingsClient;
import io.tidings.testkit.Await;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TidingsMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ReferenceServer server;
  private SimpleMeterRegistry registry;
  private TidingsMetrics metrics;

  @BeforeEach
  void start() {
    // Heartbeats well inside the stall timeout below: only the stall fault makes a stream stall,
    // however slowly a loaded machine opens it.
    server = ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(100)).start();
    registry = new SimpleMeterRegistry();
    metrics = new TidingsMetrics(registry, Tags.of("app", "test"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SubscriptionConfig config(String name, String transport) {
    return SubscriptionConfig.builder()
        .name(name)
        .url(server.url())
        .transport(transport)
        .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(50)))
        .build();
  }

  private double counter(String meter, String name) {
    return registry.get(meter).tag("subscription", name).functionCounter().count();
  }

  private double gauge(String meter, String name, String key, String value) {
    return registry.get(meter).tag("subscription", name).tag(key, value).gauge().value();
  }

  private List<Meter> metersOf(String name) {
    return registry.getMeters().stream()
        .filter(m -> name.equals(m.getId().getTag("subscription")))
        .toList();
  }

  @Test
  void theReadmeSnippetAsWritten() throws Exception {
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    SubscriptionConfig config = config("readme", "sse");
    RecordingListener listener = new RecordingListener();
    TidingsMetrics metrics = new TidingsMetrics(meterRegistry);
    Subscription sub = metrics.subscribe(config, listener); // instead of Tidings.subscribe
    try (sub) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      listener.assertNextMessageIds(server.publish(2), WAIT);
      assertEquals(
          2,
          meterRegistry
              .get(TidingsMetrics.MESSAGES)
              .tag("subscription", "readme")
              .functionCounter()
              .count());
    }
    assertEquals(List.of(), meterRegistry.getMeters());
  }

  @Test
  void countsWhatTheSubscriptionDoesAndRemovesTheMetersOnClose() throws Exception {
    RecordingListener listener = new RecordingListener();
    List<String> ids;
    try (Subscription sub = metrics.subscribe(config("prices", "sse"), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      Await.until(() -> server.stats("sse").open() == 1, WAIT, "the SSE stream to be open");
      ids = server.publish(5);
      listener.assertNextMessageIds(ids, WAIT);

      assertEquals(5, counter(TidingsMetrics.MESSAGES, "prices"));
      assertTrue(counter(TidingsMetrics.BYTES, "prices") > 0, "bytes");
      assertEquals(1, counter(TidingsMetrics.REQUESTS, "prices"));
      assertEquals(1, counter(TidingsMetrics.CONNECTIONS, "prices"));
      assertEquals(0, counter(TidingsMetrics.RECONNECTS, "prices"));
      assertEquals(0, counter(TidingsMetrics.LISTENER_EXCEPTIONS, "prices"));
      for (String moves :
          List.of(TidingsMetrics.FALLBACKS, TidingsMetrics.PROBES, TidingsMetrics.SWITCHES)) {
        assertEquals(0, counter(moves, "prices"), moves);
      }
      assertEquals(1, gauge(TidingsMetrics.STATE, "prices", "state", "open"));
      assertEquals(0, gauge(TidingsMetrics.STATE, "prices", "state", "reconnecting"));
      assertEquals(1, gauge(TidingsMetrics.TRANSPORT_ACTIVE, "prices", "active", "sse"));
      assertEquals(
          5,
          registry.get(TidingsMetrics.DELIVERY_LAG).tag("subscription", "prices").timer().count());
      double age =
          registry
              .get(TidingsMetrics.LAST_MESSAGE_AGE)
              .tag("subscription", "prices")
              .timeGauge()
              .value(TimeUnit.NANOSECONDS);
      assertTrue(age >= 0, "last message age " + age);
      // Every meter carries the subscription, the transport and the common tags.
      for (Meter m : metersOf("prices")) {
        assertEquals("sse", m.getId().getTag("transport"), m.getId().toString());
        assertEquals("test", m.getId().getTag("app"), m.getId().toString());
      }
    }
    Await.until(() -> metersOf("prices").isEmpty(), WAIT, "the meters to be removed");
  }

  @Test
  void subscribesOnTheGivenClient() throws Exception {
    ExecutorService pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "given-pool");
              t.setDaemon(true);
              return t;
            });
    CompletableFuture<String> deliveredOn = new CompletableFuture<>();
    TidingsClient client = Tidings.builder().executor(pool).build();
    try (Subscription sub =
        metrics.subscribe(
            client,
            config("pooled", "sse"),
            message -> deliveredOn.complete(Thread.currentThread().getName()))) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      Await.until(() -> server.stats("sse").open() == 1, WAIT, "the SSE stream to be open");
      server.publish(1);
      assertEquals("given-pool", deliveredOn.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      Await.until(() -> counter(TidingsMetrics.MESSAGES, "pooled") == 1, WAIT, "one message");
    } finally {
      pool.shutdownNow();
    }
    Await.until(() -> metersOf("pooled").isEmpty(), WAIT, "the meters to be removed");
  }

  @Test
  void countsStallsReconnectsAndErrorsByKind() throws Exception {
    RecordingListener listener = new RecordingListener();
    SubscriptionConfig config =
        config("stalling", "sse").toBuilder().stallTimeout(Duration.ofMillis(1000)).build();
    try (Subscription sub = metrics.subscribe(config, listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      // At least one: on a loaded machine the 1 s stall timeout may already have replaced the
      // stream, and the server counts the old one open until its next heartbeat write fails.
      Await.until(() -> server.stats("sse").open() >= 1, WAIT, "the SSE stream to be open");
      server.faults().stallActive();
      Await.until(
          () ->
              registry.get(TidingsMetrics.STALLS).tag("subscription", "stalling").counter().count()
                  >= 1,
          WAIT,
          "one stall to be counted");
      Await.until(
          () ->
              counter(TidingsMetrics.RECONNECTS, "stalling") >= 1
                  && counter(TidingsMetrics.CONNECTIONS, "stalling") >= 2,
          WAIT,
          "a reconnect");
      // At least the stall; a loaded machine may stall the replacement stream once more.
      assertTrue(
          registry
                  .get(TidingsMetrics.ERRORS)
                  .tag("subscription", "stalling")
                  .tag("kind", "timeout")
                  .counter()
                  .count()
              >= 1);
      assertEquals(
          0,
          registry
              .get(TidingsMetrics.ERRORS)
              .tag("subscription", "stalling")
              .tag("kind", "decode")
              .counter()
              .count());

      // An HTTP error that is retried counts under http_status.
      server.faults().respond(503, 1);
      server.faults().dropActive();
      Await.until(
          () ->
              registry
                      .get(TidingsMetrics.ERRORS)
                      .tag("subscription", "stalling")
                      .tag("kind", "http_status")
                      .counter()
                      .count()
                  == 1,
          WAIT,
          "the 503 to be counted");
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      String id = server.publish(1).get(0);
      listener
          .skip(RecordingListener.Kind.STATE, RecordingListener.Kind.ERROR)
          .assertNextMessageWithId(id, WAIT);
    }
    assertTrue(metersOf("stalling").isEmpty(), "removed once close() returned");
  }

  @Test
  void countsAFallback() throws Exception {
    server.faults().makeUnavailable("sse", io.tidings.testkit.Unavailable.WRONG_CONTENT_TYPE);
    SubscriptionConfig config =
        config("falling", "sse").toBuilder().transports(List.of("sse", "longpoll")).build();
    try (Subscription sub = metrics.subscribe(config, m -> {})) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals("longpoll", sub.transport());
      assertEquals(1, counter(TidingsMetrics.FALLBACKS, "falling"));
      assertEquals(1, gauge(TidingsMetrics.TRANSPORT_ACTIVE, "falling", "active", "longpoll"));
      assertEquals(0, gauge(TidingsMetrics.TRANSPORT_ACTIVE, "falling", "active", "sse"));
    }
  }

  @Test
  void aSecondLiveSubscriptionOfTheSameNameIsRefused() throws Exception {
    try (Subscription first = metrics.subscribe(config("twice", "sse"), m -> {})) {
      assertTrue(first.awaitState(SubscriptionState.OPEN, WAIT));
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> metrics.subscribe(config("twice", "sse"), m -> {}));
      assertTrue(e.getMessage().contains("'twice'"), e.getMessage());
    }
    // Once closed, the name is free again.
    Await.until(() -> metersOf("twice").isEmpty(), WAIT, "the meters to be removed");
    try (Subscription again = metrics.subscribe(config("twice", "sse"), m -> {})) {
      assertTrue(again.awaitState(SubscriptionState.OPEN, WAIT));
      assertEquals(1, gauge(TidingsMetrics.STATE, "twice", "state", "open"));
    }
  }

  @Test
  void bindsASubscriptionStartedElsewhereFromItsStats() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Subscription sub = Tidings.subscribe(config("plain", "sse"), listener)) {
      SubscriptionMeters meters = metrics.bind(sub);
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      List<String> ids = server.publish(3);
      listener.assertNextMessageIds(ids, WAIT);
      Await.until(() -> counter(TidingsMetrics.MESSAGES, "plain") == 3, WAIT, "3 messages");
      FunctionCounter errors =
          registry.get(TidingsMetrics.ERRORS).tag("kind", "unclassified").functionCounter();
      assertEquals(0, errors.count());
      assertTrue(registry.find(TidingsMetrics.DELIVERY_LAG).timers().isEmpty(), "no timer");
      assertEquals(meters.meters().size(), metersOf("plain").size());
      meters.close(); // removed early
      assertTrue(metersOf("plain").isEmpty());
      assertTrue(meters.meters().isEmpty());
    }
  }
}
