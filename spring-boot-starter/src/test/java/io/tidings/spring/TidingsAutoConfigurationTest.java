package io.tidings.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidings.ConfigurationException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.micrometer.TidingsMetrics;
import io.tidings.testkit.Await;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class TidingsAutoConfigurationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TidingsAutoConfiguration.class));
  private ReferenceServer server;

  @BeforeEach
  void startServer() {
    server = ReferenceServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private String pricesUrl() {
    return "tidings.subscriptions.prices.url=" + server.url();
  }

  @Test
  void aListenerBeanGetsItsNamedSubscriptionWhichClosesWithTheContext() throws Exception {
    RecordingListener prices = new RecordingListener();
    Subscription[] seen = new Subscription[1];
    runner
        .withPropertyValues(
            pricesUrl(),
            "tidings.subscriptions.prices.transport=longpoll",
            "tidings.subscriptions.news.url=" + server.url())
        .withBean(
            "pricesListener", TidingsListener.class, () -> TidingsListener.of("prices", prices))
        .run(
            context -> {
              assertNull(context.getStartupFailure());
              TidingsSubscriptions subs = context.getBean(TidingsSubscriptions.class);
              assertEquals(List.of("prices", "news"), List.copyOf(subs.configs().keySet()));
              assertEquals(List.of("prices"), List.copyOf(subs.subscriptions().keySet()));
              Subscription sub = subs.subscription("prices").orElseThrow();
              seen[0] = sub;
              assertEquals("longpoll", sub.transport());
              List<String> ids = server.publish(5);
              prices.assertNextMessageIds(ids, WAIT);
              assertEquals(SubscriptionState.OPEN, sub.state());
              assertTrue(subs.lastMessageAge("prices").isPresent());
              assertTrue(subs.subscription("news").isEmpty(), "no listener bean: not started");
            });
    assertEquals(SubscriptionState.CLOSED, seen[0].state());
    assertNull(prices.awaitClosed(WAIT), "closed by the application, not given up");
  }

  @Test
  void theDefaultListenerNameMeansTheTopLevelKeys() {
    RecordingListener top = new RecordingListener();
    runner
        .withPropertyValues("tidings.url=" + server.url())
        .withBean(TidingsListener.class, () -> top::onMessage)
        .run(
            context -> {
              Subscription sub =
                  context
                      .getBean(TidingsSubscriptions.class)
                      .subscription(SubscriptionConfig.DEFAULT_NAME)
                      .orElseThrow();
              assertEquals("sse", sub.transport());
              List<String> ids = server.publish(2);
              top.assertNextMessageIds(ids, WAIT);
            });
  }

  @Test
  void badValuesFailStartupWithTheCoreLoadersMessage() {
    Properties props = new Properties();
    props.setProperty("tidings.subscriptions.prices.url", "http://127.0.0.1:1/events");
    props.setProperty("tidings.subscriptions.prices.stall-timeout", "soon");
    ConfigurationException fromFile =
        assertThrows(
            ConfigurationException.class, () -> SubscriptionConfig.fromProperties(props, "prices"));
    assertEquals(
        "properties: tidings.subscriptions.prices.stall-timeout=soon is not a duration; expected"
            + " e.g. 250ms, 30s, 5m or ISO-8601 PT30S",
        fromFile.getMessage());
    runner
        .withPropertyValues(
            "tidings.subscriptions.prices.url=http://127.0.0.1:1/events",
            "tidings.subscriptions.prices.stall-timeout=soon")
        .run(
            context -> {
              ConfigurationException e = configurationFailure(context.getStartupFailure());
              assertEquals(fromFile.key(), e.key());
              assertEquals(
                  "property source 'test'" + fromFile.getMessage().substring("properties".length()),
                  e.getMessage());
            });
  }

  @Test
  void yamlErrorsNameTheFileAndLine() throws IOException {
    List<PropertySource<?>> yaml =
        new YamlPropertySourceLoader()
            .load("tidings-bad.yml", new ClassPathResource("tidings-bad.yml"));
    runner
        .withInitializer(c -> yaml.forEach(c.getEnvironment().getPropertySources()::addFirst))
        .run(
            context -> {
              ConfigurationException e = configurationFailure(context.getStartupFailure());
              assertEquals(
                  "class path resource [tidings-bad.yml] - 5:22:"
                      + " tidings.subscriptions.prices.stall-timeout=soon is not a duration;"
                      + " expected e.g. 250ms, 30s, 5m or ISO-8601 PT30S",
                  e.getMessage());
            });
  }

  @Test
  void unknownKeysAreRejectedAsInAFile() {
    runner
        .withPropertyValues(pricesUrl(), "tidings.subscriptions.prices.stal-timeout=1s")
        .run(
            context -> {
              ConfigurationException e = configurationFailure(context.getStartupFailure());
              assertEquals(
                  "property source 'test': unknown key tidings.subscriptions.prices.stal-timeout;"
                      + " did you mean tidings.subscriptions.prices.stall-timeout?",
                  e.getMessage());
            });
  }

  @Test
  void aListenerNamingAMissingSubscriptionFailsStartupNamingThoseThereAre() {
    runner
        .withPropertyValues(pricesUrl())
        .withBean(TidingsListener.class, () -> TidingsListener.of("prizes", m -> {}))
        .run(
            context -> {
              ConfigurationException e = configurationFailure(context.getStartupFailure());
              assertEquals("tidings.subscriptions.prizes", e.key());
              assertTrue(e.getMessage().contains("the subscriptions are: prices"), e.getMessage());
            });
  }

  @Test
  void twoListenersForOneSubscriptionFailStartup() {
    runner
        .withPropertyValues(pricesUrl())
        .withBean("one", TidingsListener.class, () -> TidingsListener.of("prices", m -> {}))
        .withBean("two", TidingsListener.class, () -> TidingsListener.of("prices", m -> {}))
        .run(
            context -> {
              Throwable failure = context.getStartupFailure();
              assertNotNull(failure);
              Throwable root = root(failure);
              assertInstanceOf(IllegalStateException.class, root);
              assertEquals(
                  "subscription 'prices' has two listener beans, 'one' and 'two'; bind one"
                      + " listener per subscription",
                  root.getMessage());
            });
  }

  @Test
  void metersGoToTheMeterRegistryBeanAndLeaveWithTheContext() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RecordingListener prices = new RecordingListener();
    runner
        .withPropertyValues(pricesUrl())
        .withBean(MeterRegistry.class, () -> registry)
        .withBean(TidingsListener.class, () -> TidingsListener.of("prices", prices))
        .run(
            context -> {
              List<String> ids = server.publish(3);
              prices.assertNextMessageIds(ids, WAIT);
              Await.until(
                  () -> messagesCounted(registry) >= 3, WAIT, "3 messages counted in the registry");
              assertFalse(registry.find(TidingsMetrics.STATE).meters().isEmpty());
            });
    assertTrue(
        registry
            .find(TidingsMetrics.STATE)
            .tag(TidingsMetrics.TAG_SUBSCRIPTION, "prices")
            .meters()
            .isEmpty(),
        "meters removed when the subscription closed with the context");
  }

  @Test
  void withoutTidingsMicrometerOrARegistrySubscriptionsRunUnmetered() {
    RecordingListener prices = new RecordingListener();
    runner
        .withClassLoader(new FilteredClassLoader(TidingsMetrics.class))
        .withPropertyValues(pricesUrl())
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(TidingsListener.class, () -> TidingsListener.of("prices", prices))
        .run(
            context -> {
              List<String> ids = server.publish(2);
              prices.assertNextMessageIds(ids, WAIT);
              assertTrue(
                  context
                      .getBean(MeterRegistry.class)
                      .find(TidingsMetrics.STATE)
                      .meters()
                      .isEmpty());
            });
  }

  @Test
  void healthIsUpWhileOpenOrReconnectingAndDownWhenClosedOrNotOpenForTooLong() {
    RecordingListener prices = new RecordingListener();
    runner
        .withPropertyValues(
            pricesUrl(),
            "tidings.subscriptions.broken.url=http://127.0.0.1:1/events",
            "tidings.subscriptions.broken.reconnect.initial-delay=20ms")
        .withBean("prices", TidingsListener.class, () -> TidingsListener.of("prices", prices))
        .run(
            context -> {
              HealthIndicator health = context.getBean(TidingsHealthIndicator.class);
              TidingsSubscriptions subs = context.getBean(TidingsSubscriptions.class);
              assertTrue(
                  subs.subscription("prices")
                      .orElseThrow()
                      .awaitState(SubscriptionState.OPEN, WAIT));
              List<String> ids = server.publish(1);
              prices.assertNextMessageIds(ids, WAIT);
              Health h = health.health();
              assertEquals(Status.UP, h.getStatus());
              @SuppressWarnings("unchecked")
              Map<String, Object> detail = (Map<String, Object>) h.getDetails().get("prices");
              assertEquals("OPEN", detail.get("state"));
              assertEquals("sse", detail.get("transport"));
              assertEquals(1L, detail.get("messages"));
              assertTrue(
                  Duration.parse((String) detail.get("lastMessageAge")).compareTo(Duration.ZERO)
                      >= 0);
            });
    RecordingListener broken = new RecordingListener();
    runner
        .withPropertyValues(
            "tidings.subscriptions.broken.url=http://127.0.0.1:1/events",
            "tidings.subscriptions.broken.reconnect.initial-delay=20ms")
        .withBean(TidingsListener.class, () -> TidingsListener.of("broken", broken))
        .run(
            context -> {
              HealthIndicator health = context.getBean(TidingsHealthIndicator.class);
              TidingsSubscriptions subs = context.getBean(TidingsSubscriptions.class);
              Subscription sub = subs.subscription("broken").orElseThrow();
              assertTrue(sub.awaitState(SubscriptionState.RECONNECTING, WAIT));
              // Reconnecting for less than downAfter: still UP (a day here, so that no loaded
              // machine reaches it; the bean uses DEFAULT_DOWN_AFTER).
              HealthIndicator patient = new TidingsHealthIndicator(subs, Duration.ofDays(1));
              Health h = patient.health();
              assertEquals(Status.UP, h.getStatus());
              @SuppressWarnings("unchecked")
              Map<String, Object> detail = (Map<String, Object>) h.getDetails().get("broken");
              assertEquals("RECONNECTING", detail.get("state"));
              assertFalse(Duration.parse((String) detail.get("notOpenFor")).isNegative());
              assertFalse(detail.containsKey("lastMessageAge"), "no message yet: " + detail);
              // Not open for downAfter or longer: DOWN.
              HealthIndicator strict = new TidingsHealthIndicator(subs, Duration.ZERO);
              assertEquals(Status.DOWN, strict.health().getStatus());
              // Given up or closed: DOWN whatever the threshold.
              sub.close();
              assertEquals(Status.DOWN, health.health().getStatus());
            });
  }

  @Test
  void noHealthIndicatorWithoutActuatorOrWhenDisabled() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertTrue(context.getBeansOfType(TidingsHealthIndicator.class).isEmpty()));
    runner
        .withPropertyValues("management.health.tidings.enabled=false")
        .run(context -> assertTrue(context.getBeansOfType(TidingsHealthIndicator.class).isEmpty()));
    runner.run(
        context -> assertEquals(1, context.getBeansOfType(TidingsHealthIndicator.class).size()));
  }

  @Test
  void anApplicationStarterBeanReplacesTheDefault() {
    RecordingListener prices = new RecordingListener();
    List<SubscriptionConfig> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    runner
        .withPropertyValues(pricesUrl())
        .withBean(
            SubscriptionStarter.class,
            () ->
                (config, listener) -> {
                  SubscriptionConfig mine = config.toBuilder().header("X-Client", "test").build();
                  started.add(mine);
                  return io.tidings.Tidings.subscribe(mine, listener);
                })
        .withBean(TidingsListener.class, () -> TidingsListener.of("prices", prices))
        .run(
            context -> {
              List<String> ids = server.publish(1);
              prices.assertNextMessageIds(ids, WAIT);
              assertEquals(1, started.size());
              assertEquals("prices", started.get(0).name());
              assertEquals("test", started.get(0).headers().get("X-Client"));
            });
  }

  private static double messagesCounted(MeterRegistry registry) {
    var counter =
        registry.find(TidingsMetrics.MESSAGES).tag(TidingsMetrics.TAG_SUBSCRIPTION, "prices");
    return counter.functionCounter() != null
        ? counter.functionCounter().count()
        : counter.counter() == null ? 0 : counter.counter().count();
  }

  private static ConfigurationException configurationFailure(Throwable failure) {
    assertNotNull(failure, "the context should have failed to start");
    Throwable root = root(failure);
    return assertInstanceOf(ConfigurationException.class, root, () -> failure.toString());
  }

  private static Throwable root(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }
}
