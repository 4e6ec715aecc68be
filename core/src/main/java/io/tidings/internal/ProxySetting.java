package io.tidings.internal;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * {@code tidings.proxy}: {@code http://[user:password@]host:port} or {@code
 * socks://[user:password@]host:port} (SOCKS5; {@code socks5://} too). Immutable. {@link
 * #toString()} never shows the password.
 */
public final class ProxySetting {
  /** The configuration key. */
  public static final String KEY = "tidings.proxy";

  private final Proxy proxy;
  private final String display;
  private final String user;
  private final String password;

  private ProxySetting(Proxy proxy, String display, String user, String password) {
    this.proxy = proxy;
    this.display = display;
    this.user = user;
    this.password = password;
  }

  /**
   * Parses a proxy URL.
   *
   * @throws ConfigValueException saying what is wrong (never repeating the value, which may hold a
   *     password) when the value is not a proxy URL
   */
  public static ProxySetting parse(String value) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw bad("it does not parse (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    Proxy.Type type;
    switch (scheme) {
      case "http":
        type = Proxy.Type.HTTP;
        break;
      case "socks":
      case "socks5":
        type = Proxy.Type.SOCKS;
        break;
      default:
        throw bad("the scheme must be http:// or socks://");
    }
    if (uri.getHost() == null || uri.getPort() < 1) {
      throw bad("it needs a host and a port, as in http://proxy.example:3128");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw bad("a proxy URL has no path");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : decode(info.substring(colon + 1));
    }
    String display =
        scheme + "://" + (user == null ? "" : user + ":***@") + uri.getHost() + ':' + uri.getPort();
    Proxy proxy = new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
    return new ProxySetting(proxy, display, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static ConfigValueException bad(String why) {
    return new ConfigValueException(
        "is not a proxy URL: "
            + why
            + "; expected http://[user:password@]host:port or socks://[user:password@]host:port");
  }

  /** The password to redact, or null. */
  public String password() {
    return password;
  }

  /**
   * Routes {@code builder}'s connections through the proxy. An HTTP proxy's {@code 407} is answered
   * with the credentials. A SOCKS5 proxy is spoken to by {@link Socks5SocketFactory}, which sends
   * the credentials itself: they stay in this client, never in the JVM-wide {@link
   * java.net.Authenticator} or {@code java.net.socks.*} properties the JDK's SOCKS support reads.
   */
  public void applyTo(OkHttpClient.Builder builder) {
    if (proxy.type() == Proxy.Type.SOCKS) {
      InetSocketAddress at = (InetSocketAddress) proxy.address();
      builder
          .proxy(Proxy.NO_PROXY)
          .socketFactory(new Socks5SocketFactory(at.getHostString(), at.getPort(), user, password))
          .dns(Socks5SocketFactory.DNS);
      return;
    }
    builder.proxy(proxy);
    if (user != null) {
      String header = Credentials.basic(user, password, StandardCharsets.UTF_8);
      builder.proxyAuthenticator(
          (route, response) -> {
            if (header.equals(response.request().header("Proxy-Authorization"))) {
              return null; // refused once already: give up, the 407 is reported
            }
            return response.request().newBuilder().header("Proxy-Authorization", header).build();
          });
    } else {
      builder.proxyAuthenticator(Authenticator.NONE);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxySetting
        && proxy.equals(((ProxySetting) o).proxy)
        && java.util.Objects.equals(user, ((ProxySetting) o).user)
        && java.util.Objects.equals(password, ((ProxySetting) o).password);
  }

  @Override
  public int hashCode() {
    return proxy.hashCode();
  }

  @Override
  public String toString() {
    return display;
  }
}
