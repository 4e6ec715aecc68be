package io.tidings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.internal.ExampleTransport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionConfigTest {
  private final SubscriptionConfig.Builder builder =
      SubscriptionConfig.builder().url("https://user:pw@feed.example.com/events?token=abc");

  @Test
  void headerValuesWithLineBreaksAreRejectedWithoutShowingThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder.header("Authorization", "Bearer secret\r\nX-Evil: 1"));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void toStringRedactsSecretsAndUrlCredentials() {
    String s =
        builder
            .header("Authorization", "Bearer secret")
            .header("X-Api-Key", "k3y")
            .header("Accept-Language", "en")
            .redactedHeaders(Set.of("x-api-key"))
            .build()
            .toString();
    assertFalse(s.contains("secret"), s);
    assertFalse(s.contains("k3y"), s);
    assertFalse(s.contains("pw"), s);
    assertFalse(s.contains("token=abc"), s);
    assertTrue(s.contains("Accept-Language=en"), s);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    SubscriptionConfig c =
        builder
            .transports(List.of("WebSocket", "sse"))
            .name("prices")
            .option(ExampleTransport.WAIT, Duration.ofMillis(300))
            .build();
    SubscriptionConfig copy = c.toBuilder().build();
    assertEquals(List.of("websocket", "sse"), copy.transports());
    assertEquals("prices", copy.name());
    assertEquals(c.url(), copy.url());
    assertEquals(c.reconnectPolicy(), copy.reconnectPolicy());
    assertEquals(Duration.ofMillis(300), copy.option(ExampleTransport.WAIT));
    assertEquals(c, copy);
  }

  @Test
  void optionsAreCheckedAndDefaultsAreNotStored() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder.option(ExampleTransport.WAIT, Duration.ZERO));
    assertEquals(
        "tidings.example.wait=PT0S must be greater than zero; expected e.g. 250ms, 30s, 5m or"
            + " ISO-8601 PT30S",
        e.getMessage());
    assertEquals(Duration.ofSeconds(30), builder.build().option(ExampleTransport.WAIT));
    SubscriptionConfig plain = builder.build();
    SubscriptionConfig same = builder.option(ExampleTransport.WAIT, Duration.ofSeconds(30)).build();
    assertEquals(plain, same);
    assertEquals(plain.hashCode(), same.hashCode());
    assertEquals(java.util.Map.of(), same.options());
    assertThrows(IllegalArgumentException.class, () -> builder.stallTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.deliveryQueueCapacity(0));
  }

  @Test
  void equalConfigurationsHaveEqualValues() {
    SubscriptionConfig a = builder.header("X-A", "1").stallTimeout(Duration.ofSeconds(5)).build();
    SubscriptionConfig b = a.toBuilder().build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertFalse(a.equals(a.toBuilder().stallTimeout(Duration.ofSeconds(6)).build()));
    assertFalse(a.equals(a.toBuilder().name("other").build()));
    assertFalse(a.equals(a.toBuilder().option(ExampleTransport.JITTER, 0.5).build()));
  }

  @Test
  void urlMustBeAbsoluteHttpOrWs() {
    assertThrows(
        IllegalArgumentException.class, () -> SubscriptionConfig.builder().url("ftp://x/y"));
    assertThrows(
        IllegalArgumentException.class, () -> SubscriptionConfig.builder().url("/relative"));
    assertThrows(IllegalStateException.class, () -> SubscriptionConfig.builder().build());
  }
}
