package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.SubscriptionConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

class LocalServersTest {
  @Test
  void onlyLoopbackWithPortZeroIsAPlaceholder() {
    assertTrue(LocalServers.isPlaceholder(URI.create("http://127.0.0.1:0/events")));
    assertTrue(LocalServers.isPlaceholder(URI.create("ws://localhost:0/feed")));
    assertFalse(LocalServers.isPlaceholder(URI.create("http://127.0.0.1/events")));
    assertFalse(LocalServers.isPlaceholder(URI.create("http://127.0.0.1:8080/events")));
    assertFalse(LocalServers.isPlaceholder(URI.create("https://feed.example.com:0/events")));
  }

  @Test
  void aPlaceholderGetsAServerPerPathAndARealUrlIsLeftAlone() {
    try (LocalServers servers = new LocalServers()) {
      SubscriptionConfig real = SubscriptionConfig.builder().url("http://127.0.0.1:8080/x").build();
      assertSame(real, servers.resolve(real));
      assertTrue(servers.started().isEmpty());

      SubscriptionConfig a =
          servers.resolve(SubscriptionConfig.builder().url("http://127.0.0.1:0/a").build());
      SubscriptionConfig a2 =
          servers.resolve(SubscriptionConfig.builder().url("ws://127.0.0.1:0/a").build());
      SubscriptionConfig b =
          servers.resolve(SubscriptionConfig.builder().url("http://127.0.0.1:0/b").build());

      assertEquals(2, servers.started().size());
      assertEquals(servers.server("/a").url(), a.url().toString());
      assertEquals(servers.server("/a").wsUrl(), a2.url().toString());
      assertEquals(servers.server("/b").url(), b.url().toString());
      assertNotEquals(0, a.url().getPort());
    }
  }
}
