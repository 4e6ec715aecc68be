package io.tidings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigSourceTest {
  private static ConfigSource.Builder builder() {
    return ConfigSource.builder("test environment")
        .environment(Map.of())
        .systemProperties(new Properties());
  }

  @Test
  void namedSubscriptionsInheritTopLevelValuesInOrderOfFirstAppearance() {
    ConfigSource source =
        builder()
            .value("tidings.stall-timeout", "5s", "base.yml line 1")
            .value("tidings.subscriptions.prices.url", "http://feed/prices", "base.yml line 2")
            .value("tidings.subscriptions.news.url", "http://feed/news", "base.yml line 3")
            .value("tidings.subscriptions.news.stall-timeout", "7s", "base.yml line 4")
            .value("other.key", "ignored", "base.yml line 5")
            .build();
    assertEquals(List.of("prices", "news"), source.names());
    Map<String, SubscriptionConfig> all = source.loadAll();
    assertEquals(List.of("prices", "news"), List.copyOf(all.keySet()));
    assertEquals(URI.create("http://feed/prices"), all.get("prices").url());
    assertEquals(Duration.ofSeconds(5), all.get("prices").stallTimeout());
    assertEquals(Duration.ofSeconds(7), all.get("news").stallTimeout());
    assertEquals("news", source.load("news").name());
  }

  @Test
  void aLaterValueReplacesAnEarlierOneAndErrorsNameItsOrigin() {
    ConfigSource source =
        builder()
            .value("tidings.url", "http://feed/events", null)
            .value("tidings.stall-timeout", "5s", "weak.properties")
            .value("tidings.stall-timeout", "soon", "strong.yml line 9")
            .build();
    ConfigurationException e = assertThrows(ConfigurationException.class, source::load);
    assertEquals("tidings.stall-timeout", e.key());
    assertEquals(
        "strong.yml line 9: tidings.stall-timeout=soon is not a duration; expected e.g. 250ms,"
            + " 30s, 5m or ISO-8601 PT30S",
        e.getMessage());
  }

  @Test
  void unknownKeysAndMissingSubscriptionsAreTheLoadersErrors() {
    ConfigSource source =
        builder()
            .value("tidings.url", "http://feed/events", null)
            .value("tidings.stal-timeout", "1s", null)
            .build();
    ConfigurationException unknown = assertThrows(ConfigurationException.class, source::load);
    assertEquals(
        "test environment: unknown key tidings.stal-timeout; did you mean tidings.stall-timeout?",
        unknown.getMessage());
    ConfigSource none = builder().value("tidings.url", "http://feed/events", null).build();
    ConfigurationException missing =
        assertThrows(ConfigurationException.class, () -> none.load("prices"));
    assertEquals("tidings.subscriptions.prices", missing.key());
  }

  @Test
  void environmentAndSystemPropertiesOverrideAsForAFile() {
    Properties sys = new Properties();
    sys.setProperty("tidings.subscriptions.prices.stall-timeout", "9s");
    ConfigSource source =
        ConfigSource.builder("test environment")
            .environment(Map.of("TIDINGS_SUBSCRIPTIONS_PRICES_URL", "http://env/prices", "H", "h1"))
            .systemProperties(sys)
            .value("tidings.subscriptions.prices.url", "http://file/prices", "app.yml")
            .value("tidings.subscriptions.prices.headers.X-Host", "${env:H}", "app.yml")
            .build();
    SubscriptionConfig prices = source.load("prices");
    assertEquals(URI.create("http://env/prices"), prices.url());
    assertEquals(Duration.ofSeconds(9), prices.stallTimeout());
    assertEquals("h1", prices.headers().get("X-Host"));
  }
}
