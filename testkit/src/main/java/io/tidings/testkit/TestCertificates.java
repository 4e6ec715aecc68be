package io.tidings.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A private certificate authority made for one test, with a server certificate for {@code
 * 127.0.0.1} and {@code localhost} and a client certificate, both signed by it; and the PKCS12
 * files a subscription reads through {@code tidings.tls.trust-store} and {@code
 * tidings.tls.key-store}. No JDK or system store trusts the CA, so a client that was not given its
 * trust store refuses the server.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.create();
 * ReferenceServer server = ReferenceServer.builder()
 *     .tls(certs.serverKeyStore(), TestCertificates.PASSWORD).start();   // https://, wss://
 * SubscriptionConfig config = SubscriptionConfig.builder().url(server.url())
 *     .trustStore(certs.writeTrustStore(dir.resolve("ca.p12")), "PKCS12", TestCertificates.PASSWORD)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Keys are ECDSA P-256 (made in milliseconds).
 */
public final class TestCertificates {
  /** The password of every store this class makes or writes. */
  public static final String PASSWORD = "tidings-test";

  /** The type of the stores this class writes. */
  public static final String STORE_TYPE = "PKCS12";

  private final HeldCertificate ca;
  private final HeldCertificate server;
  private final HeldCertificate client;

  private TestCertificates(HeldCertificate ca, HeldCertificate server, HeldCertificate client) {
    this.ca = ca;
    this.server = server;
    this.client = client;
  }

  /** A new CA named {@code commonName}, and a server and a client certificate it signed. */
  public static TestCertificates create(String commonName) {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName(commonName).build();
    HeldCertificate server =
        new HeldCertificate.Builder()
            .commonName("127.0.0.1")
            .addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName("localhost")
            .signedBy(ca)
            .build();
    HeldCertificate client =
        new HeldCertificate.Builder().commonName("tidings-test-client").signedBy(ca).build();
    return new TestCertificates(ca, server, client);
  }

  /** {@link #create(String)} with the name {@code Tidings Test CA}. */
  public static TestCertificates create() {
    return create("Tidings Test CA");
  }

  /** The server's key and certificate chain, for {@link ReferenceServer.Builder#tls}. */
  public KeyStore serverKeyStore() {
    return keyStore("server", server);
  }

  /**
   * A socket factory presenting the server certificate (with the CA), for a server other than the
   * reference server, such as OkHttp's {@code MockWebServer.useHttps}.
   */
  public SSLSocketFactory serverSocketFactory() {
    return new HandshakeCertificates.Builder()
        .heldCertificate(server, ca.certificate())
        .build()
        .sslSocketFactory();
  }

  /** The CA's certificate alone, for {@link ReferenceServer.Builder#clientCertificates}. */
  public KeyStore trustStore() {
    try {
      KeyStore ks = empty();
      ks.setCertificateEntry("ca", ca.certificate());
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The client's key and certificate chain, for mutual TLS. */
  public KeyStore clientKeyStore() {
    return keyStore("client", client);
  }

  /** Writes {@link #trustStore()} to {@code file} (PKCS12, {@link #PASSWORD}); returns it. */
  public Path writeTrustStore(Path file) {
    return write(trustStore(), file);
  }

  /** Writes {@link #clientKeyStore()} to {@code file} (PKCS12, {@link #PASSWORD}); returns it. */
  public Path writeClientKeyStore(Path file) {
    return write(clientKeyStore(), file);
  }

  private KeyStore keyStore(String alias, HeldCertificate held) {
    try {
      KeyStore ks = empty();
      ks.setKeyEntry(
          alias,
          held.keyPair().getPrivate(),
          PASSWORD.toCharArray(),
          new Certificate[] {held.certificate(), ca.certificate()});
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore empty() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance(STORE_TYPE);
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ks;
  }

  private static Path write(KeyStore ks, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD.toCharArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificates{" + ca.certificate().getSubjectX500Principal().getName() + '}';
  }
}
