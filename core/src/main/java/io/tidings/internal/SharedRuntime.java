package io.tidings.internal;

import static java.util.concurrent.TimeUnit.MINUTES;

import io.tidings.spi.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * What every subscription of the process shares: one timer thread (the default {@link Scheduler}),
 * the {@link DeliveryPool} that runs listener callbacks, and one default OkHttp client (so HTTP/2
 * connections and the pool are shared). On JDK 21+ the default client's dispatcher runs its calls
 * (WebSocket readers, async calls) on virtual threads ({@link VirtualThreads}). Reference-counted:
 * created by the first subscription, shut down when the last one closes, so no Tidings thread
 * outlives its subscriptions. Thread-safe.
 */
public final class SharedRuntime implements Scheduler {
  /**
   * Idle connections the shared pool keeps (OkHttp's default is 5). Each poll hands its connection
   * back between requests, so with more concurrent polls than this the pool closes connections that
   * the next poll must open again: 200 long polls reopened hundreds per 40 000 messages.
   */
  static final int POOL_MAX_IDLE_CONNECTIONS = 256;

  /** How long an idle pooled connection is kept, as OkHttp's default. */
  static final long POOL_KEEP_ALIVE_MINUTES = 5;

  private static final Object LOCK = new Object();
  private static SharedRuntime current;
  private static int users;

  private final ScheduledExecutorService timer;
  private final List<Thread> timerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final DeliveryPool deliveryPool;
  private final OkHttpClient client;
  private final DerivedClients derivedClients = new DerivedClients();
  private volatile boolean shutDown;

  private SharedRuntime() {
    AtomicInteger n = new AtomicInteger();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tidings-timer-" + n.incrementAndGet());
              t.setDaemon(true);
              timerThreads.add(t);
              return t;
            });
    this.deliveryPool = DeliveryPool.fromSystemProperty();
    ExecutorService virtual = VirtualThreads.newPerTaskExecutor();
    Dispatcher dispatcher = virtual != null ? new Dispatcher(virtual) : new Dispatcher();
    // Long-lived streams and long polls must not queue behind OkHttp's 5-per-host default.
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    this.client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(
                new ConnectionPool(POOL_MAX_IDLE_CONNECTIONS, POOL_KEEP_ALIVE_MINUTES, MINUTES))
            .build();
  }

  /** Takes a reference; pair with {@link #release()}. */
  public static SharedRuntime acquire() {
    synchronized (LOCK) {
      if (current == null) {
        current = new SharedRuntime();
      }
      users++;
      return current;
    }
  }

  /** Drops a reference; the last one shuts the timer and the default client's threads down. */
  public void release() {
    SharedRuntime toShutDown = null;
    synchronized (LOCK) {
      if (current != this || users == 0) {
        return;
      }
      if (--users == 0) {
        toShutDown = current;
        current = null;
      }
    }
    if (toShutDown != null) {
      toShutDown.shutDown();
    }
  }

  private void shutDown() {
    shutDown = true;
    List<Runnable> pending = timer.shutdownNow();
    pending.clear();
    deliveryPool.shutdown();
    client.dispatcher().cancelAll();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    derivedClients.clear();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      timer.awaitTermination(5, TimeUnit.SECONDS);
      DeliveryPool.joinAll(timerThreads, deadline); // terminated, but its thread may still be alive
      client.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
      // The last release runs on a delivery thread, which cannot wait for itself:
      // awaitShutDown() lets close() wait for it.
      deliveryPool.awaitTermination(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Connections that calls still held at the first eviction are idle now: without this second
    // one the pool's closer stays scheduled for the keep-alive (5 minutes) on a discarded client.
    client.connectionPool().evictAll();
  }

  /**
   * When this runtime was shut down (its last user released it), waits until the delivery pool's
   * threads have ended; otherwise returns at once. Not from a delivery thread.
   */
  public void awaitShutDown(Duration timeout) {
    if (!shutDown) {
      return;
    }
    try {
      deliveryPool.awaitTermination(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The pool that runs listener callbacks of subscriptions without an executor of their own. */
  DeliveryPool deliveryPool() {
    return deliveryPool;
  }

  /** The default client. */
  public OkHttpClient client() {
    return client;
  }

  /** The clients derived for subscriptions while this runtime lives. */
  DerivedClients derivedClients() {
    return derivedClients;
  }

  /**
   * Runs {@code task} after {@code delay} on the timer thread.
   *
   * @return cancels it if it has not run
   */
  @Override
  public Runnable schedule(Runnable task, Duration delay) {
    try {
      ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shut down: the subscription is closing, nothing left to run.
      return () -> {};
    }
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
