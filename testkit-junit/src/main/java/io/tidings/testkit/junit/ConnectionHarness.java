package io.tidings.testkit.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Drives one {@link Connection} of a transport directly through the SPI, without core's engine: for
 * transport unit tests against a scripted server. It provides a {@link TransportContext} and
 * records every {@link ConnectionListener} call as an {@link Event}.
 *
 * <p>Not thread-safe for setup; {@link #next} and friends may be called from the test thread while
 * the connection reports from its own threads. Close it to release its threads and client.
 */
public final class ConnectionHarness implements AutoCloseable {
  /** What the connection reported. */
  public enum Kind {
    /** {@link ConnectionListener#onOpen()}. */
    OPEN,
    /** {@link ConnectionListener#onFrame(Frame)}. */
    FRAME,
    /** {@link ConnectionListener#onHeartbeat()}. */
    HEARTBEAT,
    /** {@link ConnectionListener#onRetryHint(Duration)}. */
    RETRY_HINT,
    /** {@link ConnectionListener#onError(TidingsException)}. */
    ERROR,
    /** {@link ConnectionListener#onClosed(TidingsException)}. */
    CLOSED
  }

  /**
   * One recorded call.
   *
   * @param kind which call
   * @param frame the frame, for {@link Kind#FRAME}
   * @param error the exception, for {@link Kind#ERROR} and {@link Kind#CLOSED}
   * @param retryHint the delay, for {@link Kind#RETRY_HINT}
   * @param thread the name of the thread that made the call
   */
  public record Event(
      Kind kind, Frame frame, TidingsException error, Duration retryHint, String thread) {}

  private final SubscriptionConfig config;
  private final TransportProvider provider;
  private final OkHttpClient client;
  private final ScheduledExecutorService timer;
  private final AtomicInteger threads = new AtomicInteger();
  private final Executor executor;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong emptyResponses = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final Map<String, String> resumeHints = new ConcurrentHashMap<>();
  private final Duration stallTimeout;
  private final ObjectMapper mapper = new ObjectMapper();
  private Connection connection;

  /** A harness for {@code provider} with {@code config}. */
  public ConnectionHarness(TransportProvider provider, SubscriptionConfig config) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.config = Objects.requireNonNull(config, "config");
    Duration quiet = provider.quietPeriod(config);
    this.stallTimeout = quiet.compareTo(config.stallTimeout()) > 0 ? quiet : config.stallTimeout();
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    this.client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectTimeout(config.connectTimeout())
            .readTimeout(stallTimeout)
            .build();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "harness-timer");
              t.setDaemon(true);
              return t;
            });
    this.executor =
        r -> {
          Thread t = new Thread(r, "harness-io-" + threads.incrementAndGet());
          t.setDaemon(true);
          t.start();
        };
  }

  /**
   * The resume hints the connection reported ({@link ConnectionListener#onResumeHint}), as core
   * would keep them: the latest value per key. A live view.
   */
  public Map<String, String> resumeHints() {
    return Collections.unmodifiableMap(resumeHints);
  }

  /** Connects with the given cursor; returns the connection. */
  public Connection connect(Cursor cursor) {
    connection = provider.connect(new Context(), cursor, new Recorder());
    return connection;
  }

  /** Waits for the next event, failing after {@code timeout}. */
  public Event next(Duration timeout) throws InterruptedException {
    Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) {
      throw new AssertionError("No event from the connection within " + timeout);
    }
    return e;
  }

  /** Waits for the next event of {@code kind}, skipping others; fails after {@code timeout}. */
  public Event next(Kind kind, Duration timeout) throws InterruptedException {
    return nextMatching(e -> e.kind() == kind, kind.toString(), timeout);
  }

  /** Waits for the next event matching {@code test}, skipping others. */
  public Event nextMatching(Predicate<Event> test, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> skipped = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("No " + what + " within " + timeout + "; skipped " + skipped);
      }
      if (test.test(e)) {
        return e;
      }
      skipped.add(e);
    }
  }

  /** The events recorded and not yet taken. */
  public List<Event> drain() {
    List<Event> out = new ArrayList<>();
    events.drainTo(out);
    return out;
  }

  /** Requests reported with {@link ConnectionListener#onRequest()}. */
  public long requests() {
    return requests.get();
  }

  /** Empty responses reported. */
  public long emptyResponses() {
    return emptyResponses.get();
  }

  /** Bytes reported. */
  public long bytes() {
    return bytes.get();
  }

  /** The client the context hands out. */
  public OkHttpClient client() {
    return client;
  }

  /** Closes the connection, the timer and the client's threads and connections. */
  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
    timer.shutdownNow();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private final class Context implements TransportContext {
    @Override
    public SubscriptionConfig config() {
      return config;
    }

    @Override
    public String transportName() {
      return provider.name();
    }

    @Override
    public HttpUrl url() {
      return HttpUrl.get(config.url().toString().replaceFirst("^ws", "http"));
    }

    @Override
    public Headers headers() {
      return Headers.of(config.headers());
    }

    @Override
    public OkHttpClient httpClient() {
      return client;
    }

    @Override
    public Executor executor() {
      return executor;
    }

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
      ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }

    @Override
    public ObjectMapper objectMapper() {
      return mapper;
    }

    @Override
    public Duration stallTimeout() {
      return stallTimeout;
    }
  }

  private final class Recorder implements ConnectionListener {
    private void add(Kind kind, Frame frame, TidingsException error, Duration hint) {
      events.add(new Event(kind, frame, error, hint, Thread.currentThread().getName()));
    }

    @Override
    public void onOpen() {
      add(Kind.OPEN, null, null, null);
    }

    @Override
    public void onFrame(Frame frame) {
      add(Kind.FRAME, frame, null, null);
    }

    @Override
    public void onHeartbeat() {
      add(Kind.HEARTBEAT, null, null, null);
    }

    @Override
    public void onRetryHint(Duration delay) {
      add(Kind.RETRY_HINT, null, null, delay);
    }

    @Override
    public void onResumeHint(String key, String value) {
      if (value == null) {
        resumeHints.remove(key);
      } else {
        resumeHints.put(key, value);
      }
    }

    @Override
    public void onRequest() {
      requests.incrementAndGet();
    }

    @Override
    public void onEmptyResponse() {
      emptyResponses.incrementAndGet();
    }

    @Override
    public void onBytes(long count) {
      bytes.addAndGet(count);
    }

    @Override
    public void onError(TidingsException error) {
      add(Kind.ERROR, null, error, null);
    }

    @Override
    public void onClosed(TidingsException reason) {
      add(Kind.CLOSED, null, reason, null);
    }
  }
}
