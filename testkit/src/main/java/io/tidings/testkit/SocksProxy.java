package io.tidings.testkit;

import io.tidings.testkit.internal.ProxyListener;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small SOCKS5 proxy for tests (RFC 1928), on {@code 127.0.0.1}: the {@code CONNECT} command to
 * an IPv4, IPv6 or domain-name address, then a byte pipe to that target. Without credentials it
 * accepts the "no authentication" method only; {@link #requiring} accepts only the
 * username/password method (RFC 1929) with those credentials, and closes a connection that offers
 * no such method or the wrong credentials. Other commands ({@code BIND}, {@code UDP ASSOCIATE}) are
 * answered "command not supported".
 *
 * <pre>{@code
 * try (SocksProxy proxy = SocksProxy.requiring("feed", "s3cret")) {
 *   SubscriptionConfig config = SubscriptionConfig.builder().url(server.url())
 *       .proxy(proxy.url("feed", "s3cret")).build();      // socks://feed:s3cret@127.0.0.1:PORT
 *   ...
 *   assertEquals(1, proxy.tunnels());
 * }
 * }</pre>
 *
 * <p>Thread-safe. Uses an accept thread and two threads per connection (named {@code socks-…});
 * {@link #close()} closes every socket and waits for every thread.
 */
public final class SocksProxy implements AutoCloseable {
  /** How long connecting to a target may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final int VERSION = 5;
  private static final int NO_AUTH = 0x00;
  private static final int USER_PASSWORD = 0x02;
  private static final int NO_ACCEPTABLE_METHOD = 0xFF;
  private static final int CONNECT = 1;
  private static final int IPV4 = 1;
  private static final int DOMAIN = 3;
  private static final int IPV6 = 4;
  private static final int SUCCEEDED = 0;
  private static final int CONNECTION_REFUSED = 5;
  private static final int COMMAND_NOT_SUPPORTED = 7;
  private static final int ADDRESS_TYPE_NOT_SUPPORTED = 8;

  private final String user; // null: no authentication
  private final String password;
  private final ProxyListener listener;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong authenticated = new AtomicLong();
  private final AtomicLong tunnels = new AtomicLong();

  private SocksProxy(String user, String password) throws IOException {
    this.user = user;
    this.password = password;
    this.listener = new ProxyListener("socks", this::serve);
  }

  /** Starts a proxy that asks for no authentication. */
  public static SocksProxy start() {
    return create(null, null);
  }

  /** Starts a proxy that accepts only the username/password method with these credentials. */
  public static SocksProxy requiring(String user, String password) {
    return create(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "pw"));
  }

  private static SocksProxy create(String user, String password) {
    try {
      return new SocksProxy(user, password);
    } catch (IOException e) {
      throw new IllegalStateException("The SOCKS proxy could not listen: " + e, e);
    }
  }

  /** The local port clients connect to. */
  public int port() {
    return listener.port();
  }

  /** The proxy's URL without credentials, {@code socks://127.0.0.1:PORT}. */
  public String url() {
    return "socks://127.0.0.1:" + port();
  }

  /**
   * The proxy's URL with credentials, as {@code tidings.proxy} takes it: {@code
   * socks://user:password@127.0.0.1:PORT} (both percent-encoded).
   */
  public String url(String user, String password) {
    return "socks://" + encode(user) + ":" + encode(password) + "@127.0.0.1:" + port();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** TCP connections accepted since the start. */
  public long connectionsAccepted() {
    return listener.accepted();
  }

  /** Connections closed for offering no acceptable method or giving the wrong credentials. */
  public long refused() {
    return refused.get();
  }

  /** Connections that authenticated with the username/password method. */
  public long authenticated() {
    return authenticated.get();
  }

  /** {@code CONNECT} tunnels opened. */
  public long tunnels() {
    return tunnels.get();
  }

  /** The {@code host:port} of every tunnel, as the client asked for it, oldest first. */
  public List<String> targets() {
    return new ArrayList<>(targets);
  }

  /** Closes the listener and every connection, and waits for every thread. Idempotent. */
  @Override
  public void close() {
    listener.close();
  }

  @Override
  public String toString() {
    return "SocksProxy{" + url() + (user == null ? "" : ", credentials") + '}';
  }

  /** The method negotiation, the authentication, the request, then the pipe. */
  private void serve(Socket client) throws IOException {
    Socket upstream = null;
    try {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (in.readUnsignedByte() != VERSION) {
        return; // not SOCKS5 (a SOCKS4 client): close
      }
      byte[] methods = new byte[in.readUnsignedByte()];
      in.readFully(methods);
      int wanted = user == null ? NO_AUTH : USER_PASSWORD;
      if (!offers(methods, wanted)) {
        refused.incrementAndGet();
        out.write(new byte[] {VERSION, (byte) NO_ACCEPTABLE_METHOD});
        out.flush();
        return;
      }
      out.write(new byte[] {VERSION, (byte) wanted});
      out.flush();
      if (wanted == USER_PASSWORD && !authenticate(in, out)) {
        refused.incrementAndGet();
        return;
      }
      if (in.readUnsignedByte() != VERSION) {
        return;
      }
      int command = in.readUnsignedByte();
      in.readUnsignedByte(); // reserved
      int type = in.readUnsignedByte();
      String host;
      if (type == IPV4 || type == IPV6) {
        byte[] address = new byte[type == IPV4 ? 4 : 16];
        in.readFully(address);
        host = InetAddress.getByAddress(address).getHostAddress();
      } else if (type == DOMAIN) {
        byte[] name = new byte[in.readUnsignedByte()];
        in.readFully(name);
        host = new String(name, StandardCharsets.US_ASCII);
      } else {
        reply(out, ADDRESS_TYPE_NOT_SUPPORTED);
        return;
      }
      int port = in.readUnsignedShort();
      if (command != CONNECT) {
        reply(out, COMMAND_NOT_SUPPORTED);
        return;
      }
      try {
        upstream = listener.connect(host, port, CONNECT_TIMEOUT);
      } catch (IOException e) {
        reply(out, CONNECTION_REFUSED);
        return;
      }
      targets.add(host + ":" + port);
      tunnels.incrementAndGet();
      reply(out, SUCCEEDED);
      listener.relay(client, upstream);
    } finally {
      if (upstream != null) {
        listener.closeQuietly(upstream);
      }
    }
  }

  private static boolean offers(byte[] methods, int method) {
    for (byte m : methods) {
      if ((m & 0xFF) == method) {
        return true;
      }
    }
    return false;
  }

  /** RFC 1929: version 1, the user name, the password; answers success (0) or failure (1). */
  private boolean authenticate(DataInputStream in, OutputStream out) throws IOException {
    if (in.readUnsignedByte() != 1) {
      return false;
    }
    byte[] name = new byte[in.readUnsignedByte()];
    in.readFully(name);
    byte[] pass = new byte[in.readUnsignedByte()];
    in.readFully(pass);
    boolean ok =
        user.equals(new String(name, StandardCharsets.UTF_8))
            && password.equals(new String(pass, StandardCharsets.UTF_8));
    out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
    out.flush();
    if (ok) {
      authenticated.incrementAndGet();
    }
    return ok;
  }

  /** A reply with a bound address of 0.0.0.0:0 (clients ignore it for CONNECT). */
  private static void reply(OutputStream out, int status) throws IOException {
    out.write(new byte[] {VERSION, (byte) status, 0, IPV4, 0, 0, 0, 0, 0, 0});
    out.flush();
  }
}
