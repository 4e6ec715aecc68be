package io.tidings.testkit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The half the testkit's forwarding proxies share: a listener on {@code 127.0.0.1} that hands each
 * accepted connection to a {@link Handler} on its own thread, connections to targets, and the byte
 * pipe between a client and its target. It owns every socket and thread it makes: {@link #close()}
 * closes all the sockets and waits for all the threads.
 *
 * <p>Thread-safe. Threads are named {@code <prefix>-accept}, {@code <prefix>-N} and {@code
 * <prefix>-N-down}.
 */
public final class ProxyListener implements AutoCloseable {
  /** What a proxy does with one accepted connection; called on that connection's own thread. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Speaks the proxy's protocol on {@code client}, usually ending in {@link #relay}. The client
     * socket is closed when this returns or throws.
     */
    void serve(Socket client) throws IOException;
  }

  private static final int BUFFER = 16 * 1024;
  private static final long JOIN_MILLIS = 5_000;

  private final String prefix;
  private final Handler handler;
  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean closed;

  /** Listens on a free loopback port and starts accepting. */
  public ProxyListener(String prefix, Handler handler) throws IOException {
    this.prefix = prefix;
    this.handler = handler;
    this.serverSocket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, prefix + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The local port clients connect to. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** TCP connections accepted since the start. */
  public long accepted() {
    return accepted.get();
  }

  /**
   * A connection to {@code host:port}, owned by this listener (closed by {@link #close()} at the
   * latest).
   *
   * @throws IOException when the target cannot be reached within {@code timeout}
   */
  public Socket connect(String host, int port, Duration timeout) throws IOException {
    Socket upstream = new Socket();
    sockets.add(upstream);
    try {
      upstream.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      upstream.setTcpNoDelay(true);
      return upstream;
    } catch (IOException e) {
      closeQuietly(upstream);
      throw e;
    }
  }

  /**
   * Copies bytes both ways between {@code client} and {@code upstream} until either side ends, then
   * closes both. Returns when the client-to-target direction ends.
   */
  public void relay(Socket client, Socket upstream) {
    startThread(Thread.currentThread().getName() + "-down", () -> pump(upstream, client));
    pump(client, upstream);
  }

  /** Closes {@code c} ignoring errors, and forgets it if it is one of this listener's sockets. */
  public void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    if (c instanceof Socket) {
      sockets.remove(c);
    }
  }

  /** Closes the listener and every connection, and waits for every thread. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(serverSocket);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    join(acceptor);
    for (Thread t : threads) {
      join(t);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      sockets.add(client);
      if (closed) {
        closeQuietly(client);
        return;
      }
      startThread(prefix + "-" + ids.incrementAndGet(), () -> serve(client));
    }
  }

  private void serve(Socket client) {
    try {
      client.setTcpNoDelay(true);
      handler.serve(client);
    } catch (IOException | RuntimeException e) {
      // the client or the target went away, or the request did not parse: end the connection
    } finally {
      closeQuietly(client);
    }
  }

  private void startThread(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    threads.removeIf(x -> !x.isAlive());
    threads.add(t);
    t.start();
  }

  /** Copies {@code from} to {@code to} until either ends, then closes both. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // one side went away: end both
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
