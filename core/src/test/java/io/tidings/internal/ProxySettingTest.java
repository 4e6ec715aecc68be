package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxySettingTest {
  /**
   * MockWebServer as a forwarding HTTP proxy: a plain-HTTP request through a proxy carries the
   * absolute URL of the origin in its request line, which the proxy answers.
   */
  @Test
  void requestsGoThroughTheProxyWithItsCredentialsAfter407() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.enqueue(
          new MockResponse.Builder()
              .code(407)
              .addHeader("Proxy-Authenticate", "Basic realm=\"p\"")
              .build());
      proxy.enqueue(new MockResponse.Builder().body("via proxy").build());
      proxy.start();
      ProxySetting setting =
          ProxySetting.parse("http://ann:p%40ss@" + proxy.getHostName() + ":" + proxy.getPort());
      OkHttpClient.Builder b = new OkHttpClient.Builder();
      setting.applyTo(b);
      OkHttpClient client = b.build();
      try (Response r =
          client
              .newCall(new Request.Builder().url("http://feed.invalid:81/events").build())
              .execute()) {
        assertEquals("via proxy", r.body().string());
      }
      RecordedRequest first = proxy.takeRequest(5, TimeUnit.SECONDS);
      assertTrue(first.getRequestLine().contains("http://feed.invalid:81/events"));
      assertNull(first.getHeaders().get("Proxy-Authorization"));
      RecordedRequest second = proxy.takeRequest(5, TimeUnit.SECONDS);
      assertEquals(
          okhttp3.Credentials.basic("ann", "p@ss"), second.getHeaders().get("Proxy-Authorization"));
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Test
  void aRefusedProxyLoginIsNotRetriedForever() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      for (int i = 0; i < 3; i++) {
        proxy.enqueue(new MockResponse.Builder().code(407).build());
      }
      proxy.start();
      ProxySetting setting =
          ProxySetting.parse("http://ann:bad@" + proxy.getHostName() + ":" + proxy.getPort());
      OkHttpClient.Builder b = new OkHttpClient.Builder();
      setting.applyTo(b);
      OkHttpClient client = b.build();
      try (Response r =
          client.newCall(new Request.Builder().url("http://feed.invalid/").build()).execute()) {
        assertEquals(407, r.code());
      }
      assertEquals(2, proxy.getRequestCount(), "one try without, one with the credentials");
      client.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void toStringHidesThePassword() {
    ProxySetting s = ProxySetting.parse("http://ann:hunter2@proxy.example:3128");
    assertEquals("http://ann:***@proxy.example:3128", s.toString());
    assertEquals("hunter2", s.password());
    assertEquals(
        "socks://proxy.example:1080", ProxySetting.parse("socks://proxy.example:1080").toString());
    ProxySetting socks = ProxySetting.parse("socks://ann:hunter2@proxy.example:1080");
    assertEquals("socks://ann:***@proxy.example:1080", socks.toString());
    assertEquals("hunter2", socks.password());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "proxy.example:3128",
        "ftp://proxy.example:21",
        "http://proxy.example",
        "http://proxy.example:3128/path",
        "http://[bad",
        "socks://ann:hunter2@proxy.example",
        "socks://ann:hunter2@proxy.example:1080/path",
        "socks4://ann:hunter2@proxy.example:1080"
      })
  void badValuesSayWhyAndNeverShowTheSecret(String value) {
    ConfigValueException e =
        assertThrows(ConfigValueException.class, () -> ProxySetting.parse(value));
    assertTrue(e.getMessage().startsWith("is not a proxy URL: "), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "socks://feed:${env:SOCKS_PASSWORD}@proxy.example",
        "socks://feed:${env:SOCKS_PASSWORD}@proxy.example:1080/feed",
        "sock://feed:${env:SOCKS_PASSWORD}@proxy.example:1080"
      })
  void aBadSocksUrlFailsAtLoadNamingTheKeyWithoutThePassword(String value) {
    io.tidings.ConfigSource source =
        io.tidings.ConfigSource.builder("test")
            .value("tidings.url", "http://feed.example/feed", "test")
            .value("tidings.proxy", value, "test")
            .environment(java.util.Map.of("SOCKS_PASSWORD", "hunter2"))
            .systemProperties(new java.util.Properties())
            .build();
    io.tidings.ConfigurationException e =
        assertThrows(io.tidings.ConfigurationException.class, source::load);
    assertEquals("tidings.proxy", e.key());
    assertTrue(e.getMessage().contains("is not a proxy URL"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void socksCredentialsFromTheEnvironmentLoadAndAreNeverShown() {
    io.tidings.SubscriptionConfig config =
        io.tidings.ConfigSource.builder("test")
            .value("tidings.url", "http://feed.example/feed", "test")
            .value("tidings.proxy", "socks://feed:${env:SOCKS_PASSWORD}@proxy.example:1080", "t")
            .environment(java.util.Map.of("SOCKS_PASSWORD", "hunter2"))
            .systemProperties(new java.util.Properties())
            .build()
            .load();
    ProxySetting proxy = config.option(CoreKeys.PROXY);
    assertEquals("hunter2", proxy.password());
    assertEquals("socks://feed:***@proxy.example:1080", proxy.toString());
    assertFalse(config.toString().contains("hunter2"), config.toString());
  }
}
