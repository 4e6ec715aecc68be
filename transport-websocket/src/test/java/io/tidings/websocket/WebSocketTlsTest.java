package io.tidings.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConnectionException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.testkit.TestCertificates;
import io.tidings.testkit.junit.RecordingListener;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss with a private CA: trusted through tidings.tls.trust-store, refused without. */
class WebSocketTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;
  private final TestCertificates certs = TestCertificates.create();
  private final MockWebServer server = new MockWebServer();
  private Subscription sub;

  @BeforeEach
  void start() throws Exception {
    server.useHttps(certs.serverSocketFactory());
    server.start();
  }

  @AfterEach
  void stop() {
    if (sub != null) {
      sub.close();
    }
    server.close();
  }

  private SubscriptionConfig.Builder config() {
    String wss = server.url("/feed").toString().replaceFirst("^https", "wss");
    assertTrue(wss.startsWith("wss://"), wss);
    return SubscriptionConfig.builder().transport("websocket").url(wss);
  }

  @Test
  void aPrivateCaTrustedByTheTrustStoreWorks() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .webSocketUpgrade(
                new ServerSocketRecorder(ws -> ws.send("{\"id\":\"1\",\"data\":\"over tls\"}")))
            .build());
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.STATE);
    sub =
        Tidings.subscribe(
            config()
                .trustStore(
                    certs.writeTrustStore(dir.resolve("trust.p12")),
                    TestCertificates.STORE_TYPE,
                    TestCertificates.PASSWORD)
                .build(),
            listener);
    assertEquals("1", listener.assertNextMessage(WAIT).id());
  }

  @Test
  void anUntrustedCertificateIsAClearErrorAndTheSubscriptionRetries() throws Exception {
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.STATE);
    sub = Tidings.subscribe(config().build(), listener);
    ConnectionException e = listener.assertNextError(ConnectionException.class, WAIT);
    assertTrue(e.getMessage().contains("TLS"), e.getMessage());
    assertTrue(e.getMessage().contains("tidings.tls.trust-store"), e.getMessage());
    assertTrue(sub.awaitState(SubscriptionState.RECONNECTING, WAIT));
  }
}
