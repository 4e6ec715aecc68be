package io.tidings.shortpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credentials stay on the origin they were configured for when a poll is redirected. */
class CredentialRedirectTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final MockWebServer origin = new MockWebServer();
  private final MockWebServer other = new MockWebServer();
  private Subscription sub;

  @BeforeEach
  void start() throws Exception {
    origin.start();
    other.start();
  }

  @AfterEach
  void stop() {
    if (sub != null) {
      sub.close();
    }
    origin.close();
    other.close();
  }

  private Subscription subscribe(String url) {
    return Tidings.subscribe(
        SubscriptionConfig.builder()
            .transport("shortpoll")
            .url(url)
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofSeconds(30))
            .header("Authorization", "Bearer abcd-token")
            .header("Cookie", "session=cookie-secret")
            .header("X-Api-Key", "api-key-secret")
            .header("X-Trace", "visible")
            .redactedHeaders(Set.of("X-Api-Key"))
            .build(),
        new RecordingListener());
  }

  private static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request");
    }
    return r;
  }

  @Test
  void aRedirectToAnotherHostCarriesNoCredential() throws Exception {
    // "localhost" and "127.0.0.1" are different hosts to OkHttp, as they are to a browser.
    String target = "http://127.0.0.1:" + other.getPort() + "/feed";
    origin.enqueue(new MockResponse.Builder().code(302).setHeader("Location", target).build());
    other.enqueue(new MockResponse.Builder().body("[]").build());
    sub = subscribe("http://localhost:" + origin.getPort() + "/feed");
    assertEquals("session=cookie-secret", take(origin).getHeaders().get("Cookie"));
    RecordedRequest redirected = take(other);
    assertNull(redirected.getHeaders().get("Authorization"));
    assertNull(redirected.getHeaders().get("Cookie"));
    assertNull(redirected.getHeaders().get("X-Api-Key"));
    assertEquals("visible", redirected.getHeaders().get("X-Trace"));
  }

  @Test
  void aRedirectOnTheSameOriginKeepsThem() throws Exception {
    origin.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/moved").build());
    origin.enqueue(new MockResponse.Builder().body("[]").build());
    sub = subscribe("http://localhost:" + origin.getPort() + "/feed");
    take(origin);
    RecordedRequest moved = take(origin);
    assertEquals("/moved", moved.getUrl().encodedPath());
    assertEquals("session=cookie-secret", moved.getHeaders().get("Cookie"));
    assertEquals("Bearer abcd-token", moved.getHeaders().get("Authorization"));
    assertEquals("api-key-secret", moved.getHeaders().get("X-Api-Key"));
  }

  @Test
  void headersFromTheCredentialsProviderAndSecretOnesFromTheCustomizerStayHomeToo()
      throws Exception {
    String target = "http://127.0.0.1:" + other.getPort() + "/feed";
    origin.enqueue(new MockResponse.Builder().code(302).setHeader("Location", target).build());
    other.enqueue(new MockResponse.Builder().body("[]").build());
    sub =
        Tidings.subscribe(
            SubscriptionConfig.builder()
                .transport("shortpoll")
                .url("http://localhost:" + origin.getPort() + "/feed")
                .option(ShortPollTransportProvider.INTERVAL, Duration.ofSeconds(30))
                .redactedHeaders(Set.of("X-Signature"))
                .credentials(
                    request ->
                        CompletableFuture.completedFuture(
                            Map.of(
                                "X-Session-Token", "provider-token", "Authorization", "Bearer b")))
                .requestCustomizer(
                    (attempt, request) ->
                        request
                            .setHeader("X-Signature", "customizer-signature")
                            .setHeader("Cookie", "c=customizer-cookie")
                            .setHeader("X-Request-Source", "visible"))
                .build(),
            new RecordingListener());
    RecordedRequest first = take(origin);
    assertEquals("provider-token", first.getHeaders().get("X-Session-Token"));
    assertEquals("customizer-signature", first.getHeaders().get("X-Signature"));
    RecordedRequest redirected = take(other);
    assertNull(redirected.getHeaders().get("X-Session-Token"));
    assertNull(redirected.getHeaders().get("Authorization"));
    assertNull(redirected.getHeaders().get("X-Signature"));
    assertNull(redirected.getHeaders().get("Cookie"));
    assertEquals("visible", redirected.getHeaders().get("X-Request-Source"));
  }

  @Test
  void aDowngradeFromHttpsToHttpOnTheSameHostCarriesNoCredential() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("Test CA").build();
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").signedBy(ca).build();
    try (MockWebServer secure = new MockWebServer()) {
      secure.useHttps(
          new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
      secure.start();
      String target = "http://localhost:" + other.getPort() + "/feed";
      secure.enqueue(new MockResponse.Builder().code(302).setHeader("Location", target).build());
      other.enqueue(new MockResponse.Builder().body("[]").build());
      java.nio.file.Path store = java.nio.file.Files.createTempFile("trust", ".p12");
      try {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca.certificate());
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(store)) {
          ks.store(out, "secret".toCharArray());
        }
        sub =
            Tidings.subscribe(
                SubscriptionConfig.builder()
                    .transport("shortpoll")
                    .url(secure.url("/feed").uri())
                    .trustStore(store, "PKCS12", "secret")
                    .option(ShortPollTransportProvider.INTERVAL, Duration.ofSeconds(30))
                    .header("Authorization", "Bearer abcd-token")
                    .header("Cookie", "session=cookie-secret")
                    .build(),
                new RecordingListener());
        assertEquals("session=cookie-secret", take(secure).getHeaders().get("Cookie"));
        RecordedRequest downgraded = take(other);
        assertNull(downgraded.getHeaders().get("Authorization"));
        assertNull(downgraded.getHeaders().get("Cookie"));
      } finally {
        java.nio.file.Files.deleteIfExists(store);
      }
    }
  }

  @Test
  void aRedirectToAnotherPortCarriesNoCredential() throws Exception {
    String target = "http://localhost:" + other.getPort() + "/feed";
    origin.enqueue(new MockResponse.Builder().code(307).setHeader("Location", target).build());
    other.enqueue(new MockResponse.Builder().body("[]").build());
    sub = subscribe("http://localhost:" + origin.getPort() + "/feed");
    take(origin);
    RecordedRequest redirected = take(other);
    assertNull(redirected.getHeaders().get("Cookie"));
    assertNull(redirected.getHeaders().get("X-Api-Key"));
  }
}
