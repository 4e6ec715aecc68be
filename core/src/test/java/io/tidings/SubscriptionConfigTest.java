package io.tidings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            .longPollMinInterval(Duration.ofMillis(300))
            .build();
    SubscriptionConfig copy = c.toBuilder().build();
    assertEquals(List.of("websocket", "sse"), copy.transports());
    assertEquals("prices", copy.name());
    assertEquals(c.url(), copy.url());
    assertEquals(c.reconnectPolicy(), copy.reconnectPolicy());
    assertEquals(Duration.ofMillis(300), copy.longPollMinInterval());
  }

  @Test
  void longPollMinIntervalMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> builder.longPollMinInterval(Duration.ZERO));
    assertEquals(
        SubscriptionConfig.DEFAULT_LONGPOLL_MIN_INTERVAL, builder.build().longPollMinInterval());
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
