package io.tidings.internal;

import io.tidings.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * {@code tidings.tls.*}: a trust store for a private CA and a key store for mutual TLS, loaded once
 * at configuration time so a missing file or a wrong password fails there, naming the key.
 * Immutable.
 */
public final class TlsSetting {
  /** Key of the trust store's path. */
  public static final String TRUST_STORE = "tidings.tls.trust-store";

  /** Key of the key store's path. */
  public static final String KEY_STORE = "tidings.tls.key-store";

  /** Store type when none is configured: PKCS12, which also reads JKS files. */
  public static final String DEFAULT_STORE_TYPE = "PKCS12";

  private static final int CACHE_LIMIT = 64;
  private static final java.util.Map<java.util.List<Object>, TlsSetting> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final X509TrustManager trustManager;
  private final KeyManager[] keyManagers;
  private final String description;

  private TlsSetting(X509TrustManager trustManager, KeyManager[] keyManagers, String description) {
    this.trustManager = trustManager;
    this.keyManagers = keyManagers;
    this.description = description;
  }

  /**
   * The stores of a configuration ({@code tidings.tls.*}), or null when it names none. Loaded once
   * per distinct set of values (many subscriptions share one configuration's stores).
   *
   * @throws ConfigurationException naming the key when a store cannot be read
   */
  public static TlsSetting of(io.tidings.SubscriptionConfig config) {
    Path trust = config.option(CoreKeys.TLS_TRUST_STORE);
    Path key = config.option(CoreKeys.TLS_KEY_STORE);
    if (trust == null && key == null) {
      return null;
    }
    java.util.List<Object> id =
        java.util.Arrays.asList(
            trust,
            config.option(CoreKeys.TLS_TRUST_STORE_TYPE),
            config.option(CoreKeys.TLS_TRUST_STORE_PASSWORD),
            key,
            config.option(CoreKeys.TLS_KEY_STORE_TYPE),
            config.option(CoreKeys.TLS_KEY_STORE_PASSWORD));
    TlsSetting cached = CACHE.get(id);
    if (cached != null) {
      return cached;
    }
    TlsSetting loaded =
        load(
            trust,
            (String) id.get(1),
            (String) id.get(2),
            key,
            (String) id.get(4),
            (String) id.get(5));
    if (CACHE.size() >= CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(id, loaded);
    return loaded;
  }

  /**
   * Loads the stores. Either path may be null; both null gives null (the JDK's defaults).
   *
   * @param trustStore path of the trust store, or null for the JDK's CAs
   * @param trustType its type (PKCS12, JKS), or null for {@link #DEFAULT_STORE_TYPE}
   * @param trustPassword its password, or null when it has none
   * @param keyStore path of the client key store for mutual TLS, or null
   * @param keyType its type, or null for {@link #DEFAULT_STORE_TYPE}
   * @param keyPassword the password of the store and of its key, or null
   * @throws ConfigurationException naming the key when a store cannot be read
   */
  public static TlsSetting load(
      Path trustStore,
      String trustType,
      String trustPassword,
      Path keyStore,
      String keyType,
      String keyPassword) {
    if (trustStore == null && keyStore == null) {
      return null;
    }
    try {
      X509TrustManager tm;
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (trustStore != null) {
        tmf.init(read(TRUST_STORE, trustStore, trustType, trustPassword));
      } else {
        tmf.init((KeyStore) null);
      }
      tm = x509(tmf.getTrustManagers());
      // Without a key store: present no certificate, but note servers that ask for one (for the
      // error's hint), unless the JVM-wide javax.net.ssl.keyStore is there to present.
      KeyManager[] kms =
          System.getProperty("javax.net.ssl.keyStore") == null
              ? new KeyManager[] {new NoClientCertificate()}
              : null;
      if (keyStore != null) {
        KeyStore ks = read(KEY_STORE, keyStore, keyType, keyPassword);
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
          kmf.init(ks, chars(keyPassword));
        } catch (UnrecoverableKeyException e) {
          throw new ConfigurationException(
              KEY_STORE + "-password",
              "The key in "
                  + KEY_STORE
                  + "="
                  + keyStore
                  + " cannot be read with "
                  + KEY_STORE
                  + "-password: "
                  + e.getMessage(),
              e);
        }
        kms = kmf.getKeyManagers();
      }
      String d =
          "TLS{trustStore="
              + (trustStore == null ? "JDK default" : trustStore)
              + (keyStore == null ? "" : ", keyStore=" + keyStore)
              + '}';
      return new TlsSetting(tm, kms, d);
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          trustStore != null ? TRUST_STORE : KEY_STORE,
          "The TLS stores cannot be used: " + e.getMessage(),
          e);
    }
  }

  private static KeyStore read(String key, Path path, String type, String password) {
    String t = type == null || type.isBlank() ? DEFAULT_STORE_TYPE : type.strip();
    KeyStore ks;
    try {
      ks = KeyStore.getInstance(t.toUpperCase(Locale.ROOT));
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          key + "-type", key + "-type=" + t + " is not a key store type (PKCS12 or JKS)", e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      ks.load(in, chars(password));
      return ks;
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          key, key + "=" + path + ": no such file (give the path of a " + t + " file)", e);
    } catch (IOException | GeneralSecurityException e) {
      boolean wrongPassword =
          e.getCause() instanceof UnrecoverableKeyException
              || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
      throw new ConfigurationException(
          wrongPassword ? key + "-password" : key,
          key
              + "="
              + path
              + " cannot be read as "
              + t
              + (wrongPassword
                  ? ": wrong password (check " + key + "-password)"
                  : ": " + e.getMessage()),
          e);
    }
  }

  private static char[] chars(String password) {
    return password == null ? new char[0] : password.toCharArray();
  }

  private static X509TrustManager x509(TrustManager[] managers) {
    return Arrays.stream(managers)
        .filter(X509TrustManager.class::isInstance)
        .map(X509TrustManager.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no X509TrustManager"));
  }

  /**
   * True when the server at {@code host:port} asked a subscription without {@value #KEY_STORE} for
   * a client certificate since this JVM started (remembered for at most {@value #CACHE_LIMIT}
   * servers): a connection failure there is most likely the server refusing the missing
   * certificate, which TLS may report as a broken pipe or a reset.
   */
  public static boolean clientCertificateWanted(String host, int port) {
    return WANTED.contains(host + ":" + port);
  }

  private static final java.util.Set<String> WANTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The key manager of a setting without key store: presents nothing, notes who asked. */
  private static final class NoClientCertificate extends javax.net.ssl.X509ExtendedKeyManager {
    @Override
    public String chooseClientAlias(
        String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      if (socket instanceof javax.net.ssl.SSLSocket) {
        note(((javax.net.ssl.SSLSocket) socket).getHandshakeSession());
      }
      return null;
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
      note(engine.getHandshakeSession());
      return null;
    }

    private static void note(javax.net.ssl.SSLSession session) {
      if (session != null && session.getPeerHost() != null) {
        if (WANTED.size() >= CACHE_LIMIT) {
          WANTED.clear();
        }
        WANTED.add(session.getPeerHost() + ":" + session.getPeerPort());
      }
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(
        String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return null;
    }

    @Override
    public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
      return null;
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return null;
    }
  }

  /** Makes {@code builder} trust the store's CAs and present the key store's certificate. */
  public void applyTo(OkHttpClient.Builder builder) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, new TrustManager[] {trustManager}, null);
      builder.sslSocketFactory(context.getSocketFactory(), trustManager);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
