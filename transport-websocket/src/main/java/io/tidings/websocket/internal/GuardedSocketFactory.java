package io.tidings.websocket.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Makes plain sockets whose input goes through a {@link FrameGuard}: how a {@code ws://}
 * connection's inbound frames are bounded and checked before OkHttp reads them. Used only when the
 * client's socket factory is the JDK default (a custom one cannot be wrapped without losing what it
 * does). One factory serves every connection of a derived client: {@link #CLAIM}, an interceptor of
 * that client, tells the guard of the socket a request is written to which connection it reports to
 * (the {@link FrameGuard.Events} tag of the request). Thread-safe.
 */
final class GuardedSocketFactory extends SocketFactory {
  /** The connection whose request this thread is sending, while {@link #CLAIM} runs it. */
  private static final ThreadLocal<FrameGuard.Events> CLAIMING = new ThreadLocal<>();

  /**
   * An application interceptor (OkHttp runs no network interceptor for WebSockets): while the
   * upgrade request named by the request's {@link FrameGuard.Events} tag is sent, on this thread,
   * the socket it is written to hands its guard to that connection ({@link FrameGuard#begin}).
   */
  static final okhttp3.Interceptor CLAIM =
      chain -> {
        FrameGuard.Events events = chain.request().tag(FrameGuard.Events.class);
        if (events == null) {
          return chain.proceed(chain.request());
        }
        FrameGuard.Events outer = CLAIMING.get();
        CLAIMING.set(events);
        try {
          return chain.proceed(chain.request());
        } finally {
          if (outer == null) {
            CLAIMING.remove();
          } else {
            CLAIMING.set(outer);
          }
        }
      };

  private final long limit;

  GuardedSocketFactory(long limit) {
    this.limit = limit;
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
    private FrameGuard guarded;
    private OutputStream claiming;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      return guard();
    }

    private synchronized FrameGuard guard() throws IOException {
      if (guarded == null) {
        guarded = new FrameGuard(super.getInputStream(), limit);
      }
      return guarded;
    }

    /** Writes through; a write of a request sent under {@link #CLAIM} claims the guard first. */
    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (claiming == null) {
        claiming =
            new FilterOutputStream(super.getOutputStream()) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                claim();
                out.write(b, off, len);
              }

              @Override
              public void write(int b) throws IOException {
                claim();
                out.write(b);
              }
            };
      }
      return claiming;
    }

    private void claim() throws IOException {
      FrameGuard.Events events = CLAIMING.get();
      if (events != null) {
        guard().begin(events);
      }
    }
  }
}
