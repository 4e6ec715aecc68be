package io.tidings.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.Dns;

/**
 * The client side of a SOCKS5 proxy (RFC 1928, {@code CONNECT} only) with optional
 * username/password authentication (RFC 1929), for one OkHttp client. The JDK's own SOCKS support
 * takes credentials only from JVM-wide settings (the default {@link java.net.Authenticator} or the
 * {@code java.net.socks.*} system properties); this keeps them in the client built for one
 * subscription's configuration. OkHttp is given {@link java.net.Proxy#NO_PROXY}, this socket
 * factory, and {@link #DNS}, which leaves host names for the proxy to resolve (as the JDK does for
 * SOCKS): a socket's {@code connect} reaches the proxy, then asks it for the target. Immutable and
 * thread-safe.
 */
final class Socks5SocketFactory extends SocketFactory {
  /**
   * Resolves nothing: each name becomes an all-zero address carrying the name, which the socket
   * sends to the proxy as a domain name.
   */
  static final Dns DNS = hostname -> List.of(InetAddress.getByAddress(hostname, new byte[4]));

  private static final int VERSION = 5;
  private static final int NO_AUTH = 0x00;
  private static final int USER_PASSWORD = 0x02;
  private static final int CONNECT = 1;
  private static final int IPV4 = 1;
  private static final int DOMAIN = 3;
  private static final int IPV6 = 4;
  private static final String[] REPLIES = {
    "succeeded",
    "general SOCKS server failure",
    "connection not allowed by ruleset",
    "network unreachable",
    "host unreachable",
    "connection refused",
    "TTL expired",
    "command not supported",
    "address type not supported"
  };

  private final String proxyHost;
  private final int proxyPort;
  private final byte[] user; // null: no authentication offered
  private final byte[] password;

  /**
   * @param user null to offer no authentication only
   * @param password with {@code user}
   */
  Socks5SocketFactory(String proxyHost, int proxyPort, String user, String password) {
    this.proxyHost = proxyHost;
    this.proxyPort = proxyPort;
    this.user = user == null ? null : user.getBytes(StandardCharsets.UTF_8);
    this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Socket createSocket() {
    return new Socks5Socket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(InetSocketAddress.createUnresolved(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket s = createSocket();
    s.bind(new InetSocketAddress(localHost, localPort));
    s.connect(InetSocketAddress.createUnresolved(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket s = createSocket();
    s.bind(new InetSocketAddress(localAddress, localPort));
    s.connect(new InetSocketAddress(address, port));
    return s;
  }

  private String where() {
    return "the SOCKS proxy " + proxyHost + ":" + proxyPort + " (" + ProxySetting.KEY + ")";
  }

  /** A socket whose {@code connect} goes through the proxy. */
  private final class Socks5Socket extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress)) {
        throw new IllegalArgumentException("Unsupported address type: " + endpoint);
      }
      InetSocketAddress target = (InetSocketAddress) endpoint;
      InetSocketAddress proxy = new InetSocketAddress(proxyHost, proxyPort);
      if (proxy.isUnresolved()) {
        throw new UnknownHostException("The host of " + where() + " is not known");
      }
      super.connect(proxy, timeout);
      int readTimeout = getSoTimeout();
      try {
        setSoTimeout(timeout); // the handshake is part of connecting
        handshake(target);
        setSoTimeout(readTimeout);
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }

    private void handshake(InetSocketAddress target) throws IOException {
      DataInputStream in = new DataInputStream(getInputStream());
      OutputStream out = getOutputStream();
      if (user == null) {
        out.write(new byte[] {VERSION, 1, NO_AUTH});
      } else {
        out.write(new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD});
      }
      out.flush();
      if (in.readUnsignedByte() != VERSION) {
        throw new SocketException(where() + " did not answer as a SOCKS5 proxy");
      }
      int method = in.readUnsignedByte();
      if (method == USER_PASSWORD && user != null) {
        authenticate(in, out);
      } else if (method != NO_AUTH) {
        throw new SocketException(
            where()
                + (user == null
                    ? " wants credentials; give them in tidings.proxy (socks://user:password@host:port)"
                    : " accepts none of the authentication methods offered (none, username/password)"));
      }
      out.write(request(target));
      out.flush();
      if (in.readUnsignedByte() != VERSION) {
        throw new SocketException(where() + " did not answer as a SOCKS5 proxy");
      }
      int reply = in.readUnsignedByte();
      in.readUnsignedByte(); // reserved
      int type = in.readUnsignedByte();
      int length =
          type == IPV4 ? 4 : type == IPV6 ? 16 : type == DOMAIN ? in.readUnsignedByte() : -1;
      if (length < 0) {
        throw new SocketException(where() + " answered with an unknown address type " + type);
      }
      in.readFully(new byte[length + 2]); // the bound address and port, unused for CONNECT
      if (reply != 0) {
        throw new SocketException(
            where()
                + " could not connect to "
                + target.getHostString()
                + ":"
                + target.getPort()
                + ": "
                + (reply < REPLIES.length ? REPLIES[reply] : "reply " + reply));
      }
    }

    /** RFC 1929; the password never reaches a message. */
    private void authenticate(DataInputStream in, OutputStream out) throws IOException {
      if (user.length > 255 || password.length > 255) {
        throw new SocketException(
            "The user name or password in tidings.proxy is longer than SOCKS5 allows (255 bytes)");
      }
      byte[] message = new byte[3 + user.length + password.length];
      message[0] = 1;
      message[1] = (byte) user.length;
      System.arraycopy(user, 0, message, 2, user.length);
      message[2 + user.length] = (byte) password.length;
      System.arraycopy(password, 0, message, 3 + user.length, password.length);
      out.write(message);
      out.flush();
      Arrays.fill(message, (byte) 0);
      in.readUnsignedByte(); // the sub-negotiation version
      if (in.readUnsignedByte() != 0) {
        throw new SocketException(
            where()
                + " refused the user name and password of tidings.proxy; check them there"
                + " (socks://user:password@host:port)");
      }
    }

    private byte[] request(InetSocketAddress target) throws SocketException {
      InetAddress address = target.getAddress();
      byte[] head;
      byte[] bytes;
      if (address == null || isUnresolved(address)) {
        byte[] name = target.getHostString().getBytes(StandardCharsets.US_ASCII);
        if (name.length > 255) {
          throw new SocketException("A host name longer than SOCKS5 allows (255 bytes)");
        }
        bytes = new byte[1 + name.length];
        bytes[0] = (byte) name.length;
        System.arraycopy(name, 0, bytes, 1, name.length);
        head = new byte[] {VERSION, CONNECT, 0, DOMAIN};
      } else {
        bytes = address.getAddress();
        head =
            new byte[] {
              VERSION, CONNECT, 0, (byte) (address instanceof Inet4Address ? IPV4 : IPV6)
            };
      }
      byte[] request = new byte[head.length + bytes.length + 2];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(bytes, 0, request, head.length, bytes.length);
      request[request.length - 2] = (byte) (target.getPort() >> 8);
      request[request.length - 1] = (byte) target.getPort();
      return request;
    }
  }

  /** True for the all-zero address {@link #DNS} returns (0.0.0.0 is no target one connects to). */
  private static boolean isUnresolved(InetAddress address) {
    for (byte b : address.getAddress()) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
