package io.tidings.examples;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two subscriptions from one properties file ({@code examples/named-subscriptions.properties}),
 * loaded with {@link SubscriptionConfig#loadAll}: {@code prices} over SSE and {@code news} over
 * long polling, sharing the top-level values.
 */
public final class NamedSubscriptions {
  /** The properties file, in {@code examples/}. */
  public static final String CONFIG_FILE = "named-subscriptions.properties";

  private static final int PER_FEED = 3;

  private NamedSubscriptions() {}

  /** Subscribes to both, publishes {@value #PER_FEED} messages to each and waits for them. */
  public static void main(String[] args) throws Exception {
    Map<String, SubscriptionConfig> configs =
        SubscriptionConfig.loadAll(ExampleFiles.find(CONFIG_FILE));
    try (LocalServers servers = new LocalServers()) {
      CountDownLatch all = new CountDownLatch(PER_FEED * configs.size());
      List<Subscription> subs = new ArrayList<>();
      try {
        for (SubscriptionConfig config : configs.values()) {
          SubscriptionConfig resolved = servers.resolve(config);
          System.out.printf("%s: %s over %s%n", config.name(), resolved.url(), config.transport());
          subs.add(
              Tidings.subscribe(
                  resolved,
                  m -> {
                    System.out.printf("  [%s/%s] %s%n", config.name(), m.transport(), m.data());
                    all.countDown();
                  }));
        }
        for (ReferenceServer server : servers.started()) {
          for (int i = 1; i <= PER_FEED; i++) {
            server.publish(Map.of("feed", server.url(), "n", i));
          }
        }
        if (!all.await(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS)) {
          throw new AssertionError(all.getCount() + " messages did not arrive");
        }
      } finally {
        subs.forEach(Subscription::close);
      }
    }
  }
}
