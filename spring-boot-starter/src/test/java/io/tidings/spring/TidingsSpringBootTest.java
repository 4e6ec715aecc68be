package io.tidings.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Spring Boot application against the reference server: the subscription is configured in
 * {@code tidings-boot-test.yml} (a YAML list of transports, headers), its URL comes from the test,
 * and a listener bean receives what the server publishes.
 */
@SpringBootTest(
    classes = TidingsSpringBootTest.App.class,
    properties = "spring.config.name=tidings-boot-test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TidingsSpringBootTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static ReferenceServer server;

  @DynamicPropertySource
  static void serverUrl(DynamicPropertyRegistry registry) {
    server = ReferenceServer.start(); // closed with the context, after the subscriptions
    registry.add("tidings.subscriptions.ticks.url", server::url);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean(destroyMethod = "close")
    ReferenceServer referenceServer() {
      return server;
    }

    @Bean
    RecordingListener recorder() {
      return new RecordingListener();
    }

    @Bean
    TidingsListener ticks(RecordingListener recorder) {
      return TidingsListener.of("ticks", recorder);
    }
  }

  @Autowired TidingsSubscriptions subscriptions;
  @Autowired RecordingListener recorder;
  @Autowired TidingsHealthIndicator health;

  @Test
  void theYamlConfiguredSubscriptionDeliversToTheListenerBean() throws Exception {
    SubscriptionConfig config = subscriptions.configs().get("ticks");
    assertEquals(List.of("sse", "longpoll"), config.transports());
    assertEquals(Duration.ofSeconds(30), config.stallTimeout());
    assertEquals(Duration.ofMillis(50), config.reconnectPolicy().initialDelay());
    assertEquals("boot-test", config.headers().get("X-Client"));

    Subscription ticks = subscriptions.subscription("ticks").orElseThrow();
    assertTrue(ticks.awaitState(SubscriptionState.OPEN, WAIT));
    List<String> ids = server.publish(5);
    recorder.assertNextMessageIds(ids, WAIT);
    assertEquals(Status.UP, health.health().getStatus());
  }
}
