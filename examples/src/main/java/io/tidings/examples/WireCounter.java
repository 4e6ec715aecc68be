package io.tidings.examples;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;
import javax.net.SocketFactory;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Counts every byte an OkHttp client sends and receives over TCP: request and status lines,
 * headers, bodies, chunk framing, WebSocket frames, pings, TLS records. Compare gives each
 * transport its own client built here, so "bytes on the wire" is what that transport really cost,
 * not just the bodies. Thread-safe.
 */
final class WireCounter extends SocketFactory implements AutoCloseable {
  private final LongAdder bytes = new LongAdder();
  private final OkHttpClient client;

  WireCounter() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE); // as Tidings' own client: no queueing
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    client = new OkHttpClient.Builder().socketFactory(this).dispatcher(dispatcher).build();
  }

  /** The client to pass to {@code SubscriptionConfig.Builder.httpClient}. */
  OkHttpClient client() {
    return client;
  }

  /** Bytes sent plus bytes received so far. */
  long bytes() {
    return bytes.sum();
  }

  /** Releases the client's threads and pooled connections (Tidings never shuts down a client). */
  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  // OkHttp creates unconnected sockets and connects them itself.
  @Override
  public Socket createSocket() {
    return new CountingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket s = createSocket();
    if (local != null) {
      s.bind(local);
    }
    s.connect(remote);
    return s;
  }

  private final class CountingSocket extends Socket {
    private InputStream countedIn;
    private OutputStream countedOut;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (countedIn == null) {
        countedIn =
            new FilterInputStream(super.getInputStream()) {
              @Override
              public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                  bytes.increment();
                }
                return b;
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                  bytes.add(n);
                }
                return n;
              }
            };
      }
      return countedIn;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (countedOut == null) {
        countedOut =
            new FilterOutputStream(super.getOutputStream()) {
              @Override
              public void write(int b) throws IOException {
                out.write(b);
                bytes.increment();
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes.add(len);
              }
            };
      }
      return countedOut;
    }
  }
}
