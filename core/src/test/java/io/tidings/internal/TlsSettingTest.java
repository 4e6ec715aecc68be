package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A private CA, a server certificate it signed, and a client certificate for mutual TLS. */
class TlsSettingTest {
  @TempDir Path dir;
  private final HeldCertificate ca =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("Tidings Test CA").build();
  private final HeldCertificate serverCert =
      new HeldCertificate.Builder().addSubjectAlternativeName("localhost").signedBy(ca).build();
  private final HeldCertificate clientCert =
      new HeldCertificate.Builder().commonName("tidings-client").signedBy(ca).build();
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startHttpsServer() throws IOException {
    HandshakeCertificates serverTls =
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCert)
            .addTrustedCertificate(ca.certificate())
            .build();
    server.useHttps(serverTls.sslSocketFactory());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Path trustStore(String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca.certificate());
    return write(ks, "trust.p12", password);
  }

  private Path keyStore(String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "client",
        clientCert.keyPair().getPrivate(),
        password.toCharArray(),
        new Certificate[] {clientCert.certificate(), ca.certificate()});
    return write(ks, "client.p12", password);
  }

  private Path write(KeyStore ks, String name, String password) throws Exception {
    Path p = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(p)) {
      ks.store(out, password.toCharArray());
    }
    return p;
  }

  private String get(TlsSetting tls) throws IOException {
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (tls != null) {
      tls.applyTo(b);
    }
    OkHttpClient client = b.build();
    try (Response r =
        client.newCall(new Request.Builder().url(server.url("/events")).build()).execute()) {
      return r.body().string();
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Test
  void aPrivateCaIsTrustedWithTheTrustStore() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    TlsSetting tls = TlsSetting.load(trustStore("secret"), null, "secret", null, null, null);
    assertEquals("ok", get(tls));
  }

  @Test
  void withoutTheTrustStoreTheHandshakeFails() {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    assertThrows(SSLHandshakeException.class, () -> get(null));
  }

  @Test
  void mutualTlsPresentsTheKeyStoresCertificate() throws Exception {
    server.requireClientAuth();
    server.enqueue(new MockResponse.Builder().body("ok").build());
    TlsSetting tls = TlsSetting.load(trustStore("t"), "PKCS12", "t", keyStore("k"), "pkcs12", "k");
    assertEquals("ok", get(tls));
    RecordedRequest r = server.takeRequest();
    assertTrue(
        r.getHandshake().peerPrincipal().getName().contains("tidings-client"),
        String.valueOf(r.getHandshake().peerPrincipal()));
  }

  @Test
  void aMissingStoreFileNamesTheKey() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> TlsSetting.load(dir.resolve("nope.p12"), null, null, null, null, null));
    assertEquals(TlsSetting.TRUST_STORE, e.key());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void aWrongPasswordNamesThePasswordKey() throws Exception {
    Path store = keyStore("right");
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> TlsSetting.load(null, null, null, store, null, "wrong"));
    assertEquals(TlsSetting.KEY_STORE + "-password", e.key());
    assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    assertTrue(!e.getMessage().contains("right"), "the password is never shown");
  }

  @Test
  void anUnknownStoreTypeNamesTheTypeKey() throws Exception {
    Path store = trustStore("x");
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> TlsSetting.load(store, "PEMX", "x", null, null, null));
    assertEquals(TlsSetting.TRUST_STORE + "-type", e.key());
  }

  @Test
  void noStoreMeansTheJdkDefaults() {
    assertNull(TlsSetting.load(null, null, null, null, null, null));
  }

  private static io.tidings.SubscriptionConfig loadWith(String key, String value, String... more) {
    io.tidings.ConfigSource.Builder b =
        io.tidings.ConfigSource.builder("test")
            .value("tidings.url", "https://feed.example/feed", "test")
            .value(key, value, "test")
            .environment(java.util.Map.of("STORE_PASSWORD", "n0t-it"))
            .systemProperties(new java.util.Properties());
    for (int i = 0; i + 1 < more.length; i += 2) {
      b.value(more[i], more[i + 1], "test");
    }
    return b.build().load();
  }

  @Test
  void atLoadAMissingStoreFileNamesItsKey() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> loadWith(TlsSetting.KEY_STORE, dir.resolve("missing.p12").toString()));
    assertEquals(TlsSetting.KEY_STORE, e.key());
  }

  @Test
  void atLoadAWrongPasswordFromTheEnvironmentNamesThePasswordKeyWithoutShowingIt()
      throws Exception {
    Path store = trustStore("right");
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                loadWith(
                    TlsSetting.TRUST_STORE,
                    store.toString(),
                    TlsSetting.TRUST_STORE + "-password",
                    "${env:STORE_PASSWORD}"));
    assertEquals(TlsSetting.TRUST_STORE + "-password", e.key());
    assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    assertTrue(!e.getMessage().contains("n0t-it"), e.getMessage());
    assertTrue(!e.getMessage().contains("right"), e.getMessage());
  }
}
