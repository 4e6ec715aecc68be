package io.tidings.websocket.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Makes plain sockets whose input goes through a {@link FrameGuard}: how a {@code ws://}
 * connection's inbound frames are bounded and checked before OkHttp reads them. Used only when the
 * client's socket factory is the JDK default (a custom one cannot be wrapped without losing what it
 * does). Thread-safe.
 */
final class GuardedSocketFactory extends SocketFactory {
  private final long limit;
  private final FrameGuard.Events events;

  GuardedSocketFactory(long limit, FrameGuard.Events events) {
    this.limit = limit;
    this.events = events;
  }

  @Override
  public Socket createSocket() {
    return new GuardedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket s = createSocket();
    s.bind(new InetSocketAddress(localHost, localPort));
    s.connect(new InetSocketAddress(host, port));
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

  private final class GuardedSocket extends Socket {
    private InputStream guarded;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (guarded == null) {
        guarded = new FrameGuard(super.getInputStream(), limit, events);
      }
      return guarded;
    }
  }
}
