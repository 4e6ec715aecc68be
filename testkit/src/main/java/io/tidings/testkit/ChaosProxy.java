package io.tidings.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small TCP proxy for chaos tests: listens on {@code 127.0.0.1}, forwards every connection to a
 * target, and on request cuts connections (now, or at seeded random intervals), stalls them (stops
 * forwarding, keeps the sockets open) or adds latency.
 *
 * <pre>{@code
 * try (ChaosProxy proxy = ChaosProxy.to(server)) {
 *   SubscriptionConfig config = SubscriptionConfig.builder().url(proxy.url(server)).build();
 *   ...
 *   proxy.cutAll();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Uses two threads per connection (named {@code chaosproxy-…}), an accept thread
 * and a timer; {@link #close()} closes every socket and waits for every thread.
 */
public final class ChaosProxy implements AutoCloseable {
  /** How long connecting to the target may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final int BUFFER = 16 * 1024;
  private static final long JOIN_MILLIS = 5_000;

  private final InetSocketAddress target;
  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final ScheduledExecutorService timer;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicInteger ids = new AtomicInteger();
  private final Object stallLock = new Object();
  private volatile boolean stalled;
  private volatile long latencyNanos;
  private volatile boolean closed;
  private ScheduledFuture<?> cutter; // guarded by this
  private long cutGeneration; // guarded by this; a new one stops the current cutting

  private ChaosProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.serverSocket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "chaosproxy-timer");
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "chaosproxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a proxy to {@code host:port}.
   *
   * @throws IllegalStateException when no local port can be opened
   */
  public static ChaosProxy start(String host, int port) {
    Objects.requireNonNull(host, "host");
    try {
      return new ChaosProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("The chaos proxy could not listen: " + e, e);
    }
  }

  /** Starts a proxy to {@code server}. */
  public static ChaosProxy to(ReferenceServer server) {
    return start("127.0.0.1", server.port());
  }

  /** The local port clients connect to. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code url} with its host and port replaced by the proxy's (scheme, path and query kept). */
  public String url(String url) {
    URI u = URI.create(url);
    String rest = u.getRawPath() == null ? "" : u.getRawPath();
    if (u.getRawQuery() != null) {
      rest += "?" + u.getRawQuery();
    }
    return u.getScheme() + "://127.0.0.1:" + port() + rest;
  }

  /** The {@code server}'s feed URL through this proxy. */
  public String url(ReferenceServer server) {
    return url(server.url());
  }

  /** TCP connections accepted since the start. */
  public long connectionsAccepted() {
    return accepted.get();
  }

  /** Connections open now. */
  public int openConnections() {
    return links.size();
  }

  /** Cuts every current connection now (both sides are reset). */
  public void cutAll() {
    for (Link l : links) {
      l.close();
    }
  }

  /**
   * Cuts every current connection at random intervals between {@code min} and {@code max}, drawn
   * from a generator seeded with {@code seed}, until {@link #stopCutting()}.
   */
  public synchronized void cutRandomly(long seed, Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max, got " + min + " and " + max);
    }
    stopCutting();
    scheduleCut(cutGeneration, new Random(seed), min.toNanos(), max.toNanos());
  }

  private synchronized void scheduleCut(long generation, Random random, long min, long max) {
    if (closed || generation != cutGeneration) {
      return;
    }
    long delay = min + (max == min ? 0 : (long) (random.nextDouble() * (max - min)));
    cutter =
        timer.schedule(
            () -> cutIfCurrent(generation, random, min, max), delay, TimeUnit.NANOSECONDS);
  }

  /** Cuts under the lock {@link #stopCutting()} takes, so no cut can follow it. */
  private synchronized void cutIfCurrent(long generation, Random random, long min, long max) {
    if (closed || generation != cutGeneration) {
      return;
    }
    cutAll();
    scheduleCut(generation, random, min, max);
  }

  /**
   * Stops cutting at random. When it returns, a cut that was under way has finished and no other
   * follows.
   */
  public synchronized void stopCutting() {
    cutGeneration++;
    if (cutter != null) {
      cutter.cancel(false);
      cutter = null;
    }
  }

  /** Stops forwarding in both directions; sockets stay open. New connections stall too. */
  public void stall() {
    stalled = true;
  }

  /** Forwards again after {@link #stall()}. */
  public void resume() {
    synchronized (stallLock) {
      stalled = false;
      stallLock.notifyAll();
    }
  }

  /** Delays every chunk forwarded by {@code latency}; zero for none. */
  public void latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    latencyNanos = latency.toNanos();
  }

  /** Closes the listener and every connection, and waits for every thread. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopCutting();
    }
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutAll();
    resume();
    timer.shutdownNow();
    join(acceptor);
    for (Thread t : threads) {
      join(t);
    }
    try {
      timer.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t) {
    try {
      t.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
      Socket upstream = new Socket();
      try {
        upstream.connect(target, (int) CONNECT_TIMEOUT.toMillis());
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      Link link = new Link(client, upstream);
      links.add(link);
      if (closed) {
        link.close();
        return;
      }
      int id = ids.incrementAndGet();
      start(link, "chaosproxy-" + id + "-up", client, upstream);
      start(link, "chaosproxy-" + id + "-down", upstream, client);
    }
  }

  private void start(Link link, String name, Socket from, Socket to) {
    Thread t = new Thread(() -> pump(link, from, to), name);
    t.setDaemon(true);
    threads.removeIf(x -> !x.isAlive());
    threads.add(t);
    t.start();
  }

  private void pump(Link link, Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          to.shutdownOutput();
          link.halfClosed();
          return;
        }
        awaitForwarding();
        long latency = latencyNanos;
        if (latency > 0) {
          TimeUnit.NANOSECONDS.sleep(latency);
        }
        if (link.isClosed()) {
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      link.close();
    } catch (InterruptedException e) {
      link.close();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitForwarding() throws InterruptedException {
    synchronized (stallLock) {
      while (stalled && !closed) {
        stallLock.wait();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** One proxied connection: the client's socket and the target's. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private final AtomicInteger halves = new AtomicInteger();
    private volatile boolean closed;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    boolean isClosed() {
      return closed;
    }

    void halfClosed() {
      if (halves.incrementAndGet() == 2) {
        close();
      }
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      links.remove(this);
      for (Socket s : new Socket[] {client, upstream}) {
        try {
          s.setSoLinger(true, 0);
        } catch (IOException ignored) {
          // already closed
        }
        closeQuietly(s);
      }
    }
  }
}
