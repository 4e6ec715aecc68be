package io.tidings.examples.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionState;
import io.tidings.micrometer.TidingsMetrics;
import io.tidings.spring.TidingsHealthIndicator;
import io.tidings.spring.TidingsListener;
import io.tidings.spring.TidingsSubscriptions;
import io.tidings.testkit.ReferenceServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application using {@code tidings-spring-boot-starter} ({@code ./demo spring}). The
 * subscription {@code ticks} is configured in {@code tidings-spring-example.yml} (class path); a
 * {@link TidingsListener} bean receives it; a {@code MeterRegistry} bean gets its meters and the
 * {@code tidings} health indicator reports on it. The example starts a reference server, passes its
 * URL as {@code --tidings.subscriptions.ticks.url=...}, publishes {@value #MESSAGES} messages,
 * waits for them, prints the health and a meter, and closes the context, which closes the
 * subscription. With {@code -Dtidings.subscriptions.ticks.url=<your feed>} it watches that feed for
 * {@value #WATCH_SECONDS} s instead.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SpringExample {
  /** The Spring configuration's name: {@code tidings-spring-example.yml} on the class path. */
  public static final String CONFIG_NAME = "tidings-spring-example";

  /** The key of the subscription's URL. */
  public static final String URL_KEY = "tidings.subscriptions.ticks.url";

  static final int MESSAGES = 10;
  static final int WATCH_SECONDS = 10;
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Runs the application until the messages arrived (or the watch time passed), then stops. */
  public static void main(String[] args) throws Exception {
    boolean ownFeed = System.getProperty(URL_KEY) != null;
    try (ReferenceServer server = ownFeed ? null : ReferenceServer.start()) {
      List<String> cli = new ArrayList<>(Arrays.asList(args));
      if (server != null) {
        cli.add("--" + URL_KEY + "=" + server.url());
      }
      SpringApplication app = new SpringApplication(SpringExample.class);
      app.setWebApplicationType(WebApplicationType.NONE);
      app.setBannerMode(Banner.Mode.OFF);
      app.setLogStartupInfo(false);
      app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
      Subscription ticks;
      try (ConfigurableApplicationContext context = app.run(cli.toArray(String[]::new))) {
        ticks = context.getBean(TidingsSubscriptions.class).subscription("ticks").orElseThrow();
        System.out.printf(
            "ticks: %s over %s (from %s.yml)%n",
            context.getBean(TidingsSubscriptions.class).configs().get("ticks").url(),
            ticks.transport(),
            CONFIG_NAME);
        Ticks listener = context.getBean(Ticks.class);
        if (server != null) {
          if (!ticks.awaitState(SubscriptionState.OPEN, WAIT)) {
            throw new AssertionError("ticks did not open: " + ticks.state());
          }
          for (int i = 1; i <= MESSAGES; i++) {
            server.publish(Map.of("n", i));
          }
          if (!listener.arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(listener.arrived.getCount() + " messages did not arrive");
          }
        } else {
          listener.arrived.await(WATCH_SECONDS, TimeUnit.SECONDS);
        }
        System.out.println("health: " + context.getBean(TidingsHealthIndicator.class).health());
        double counted =
            context
                .getBean(MeterRegistry.class)
                .get(TidingsMetrics.MESSAGES)
                .tag(TidingsMetrics.TAG_SUBSCRIPTION, "ticks")
                .functionCounter()
                .count();
        System.out.printf("meter %s{subscription=ticks}: %.0f%n", TidingsMetrics.MESSAGES, counted);
      }
      System.out.println("context closed; ticks is " + ticks.state());
      if (ticks.state() != SubscriptionState.CLOSED) {
        throw new AssertionError("closing the context did not close ticks: " + ticks.state());
      }
    }
  }

  /** Micrometer's in-memory registry; a real application gets one from Actuator. */
  @Bean
  SimpleMeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  /** The listener bean of subscription {@code ticks}. */
  @Bean
  Ticks ticks() {
    return new Ticks();
  }

  /** Prints each message and counts them down. */
  static final class Ticks implements TidingsListener {
    final CountDownLatch arrived = new CountDownLatch(MESSAGES);

    @Override
    public String subscription() {
      return "ticks";
    }

    @Override
    public void onMessage(Message message) {
      System.out.printf("  [ticks/%s] %s %s%n", message.transport(), message.id(), message.data());
      arrived.countDown();
    }
  }
}
