package io.tidings.testkit.internal;

import io.tidings.testkit.ReceivedMessage;
import io.tidings.testkit.RecordedRequest;
import io.tidings.testkit.TransportStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The state the reference server's handlers share: feed, faults, counters, logs, open streams and a
 * timer. Thread-safe.
 */
public final class Hub {
  private static final int MAX_RECORDED = 100_000;

  final HubConfig config;
  final Feed feed;
  final FaultState faults = new FaultState();
  private final Map<TransportKind, Counters> counters = new EnumMap<>(TransportKind.class);
  private final BoundedLog<RequestEntry> requests = new BoundedLog<>(MAX_RECORDED);
  private final BoundedLog<ReceivedMessage> received = new BoundedLog<>(MAX_RECORDED);
  private final Set<ActiveStream> active = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor timer;
  private final List<Thread> timerThreads = new CopyOnWriteArrayList<>();
  private volatile Consumer<String> eventLog = line -> {};

  /** Shared state for a server with this configuration. */
  public Hub(HubConfig config) {
    this.config = config;
    this.feed = new Feed(config.historySize());
    for (TransportKind k : TransportKind.values()) {
      counters.put(k, new Counters(k));
    }
    AtomicInteger n = new AtomicInteger();
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "refserver-timer-" + n.incrementAndGet());
              t.setDaemon(true);
              timerThreads.add(t);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Where one line per connection or poll, fault switched, message published over HTTP and message
   * a client sent goes; by default nowhere. Called on server threads, so it must be thread-safe.
   */
  public void eventLog(Consumer<String> log) {
    this.eventLog = log;
  }

  /** Logs one event line. */
  void event(String line) {
    eventLog.accept(line);
  }

  /** {@code text}, cut to {@code max} characters with an ellipsis, on one line. */
  static String abbreviate(String text, int max) {
    String flat = text.replace("\r", "\\r").replace("\n", "\\n");
    return flat.length() <= max ? flat : flat.substring(0, max) + "… (" + text.length() + " chars)";
  }

  /** The feed. */
  public Feed feed() {
    return feed;
  }

  /** The fault switches. */
  public FaultState faults() {
    return faults;
  }

  /** The configuration. */
  public HubConfig config() {
    return config;
  }

  Counters counters(TransportKind kind) {
    return counters.get(kind);
  }

  /** A snapshot of one transport's counters. */
  public TransportStats stats(TransportKind kind) {
    return counters.get(kind).snapshot();
  }

  RequestEntry record(TransportKind kind, String path, String lastEventId) {
    counters.get(kind).requests.incrementAndGet();
    RequestEntry e = new RequestEntry(kind, path, lastEventId, Instant.now(), System.nanoTime());
    requests.add(e);
    return e;
  }

  /** The requests received so far, oldest first. */
  public List<RecordedRequest> requests() {
    List<RequestEntry> entries = requests.snapshot();
    List<RecordedRequest> out = new ArrayList<>(entries.size());
    for (RequestEntry e : entries) {
      out.add(e.snapshot());
    }
    return out;
  }

  void received(ReceivedMessage m) {
    received.add(m);
  }

  /** The WebSocket messages clients sent, oldest first. */
  public List<ReceivedMessage> received() {
    return received.snapshot();
  }

  void opened(ActiveStream s) {
    active.add(s);
  }

  /** Forgets {@code s}; true when it was registered. */
  boolean closed(ActiveStream s) {
    return active.remove(s);
  }

  /** Wakes every open stream, so that it checks the fault switches now. */
  public void wakeActive() {
    for (ActiveStream s : active) {
      s.wake();
    }
  }

  /** Cuts every open stream and held poll. */
  public void dropActive() {
    for (ActiveStream s : active) {
      s.drop();
    }
  }

  /** Silences every open stream and held poll for good. */
  public void stallActive() {
    for (ActiveStream s : active) {
      s.stall();
    }
  }

  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  ScheduledFuture<?> every(Runnable task, Duration interval) {
    long n = interval.toNanos();
    return timer.scheduleAtFixedRate(task, n, n, TimeUnit.NANOSECONDS);
  }

  /**
   * Ends every stream, stops the timer and waits up to {@code timeout} for its thread to end.
   *
   * @return true when the timer thread has ended
   */
  public boolean shutdown(Duration timeout) {
    for (ActiveStream s : active) {
      s.shutdown();
    }
    timer.shutdownNow();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread t : timerThreads) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(t, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return timerThreads.stream().noneMatch(Thread::isAlive);
  }

  /** One recorded request; its status is set when it is answered. */
  static final class RequestEntry {
    private final TransportKind kind;
    private final String path;
    private final String lastEventId;
    private final Instant at;
    private final long nanoTime;
    private volatile int status;

    RequestEntry(TransportKind kind, String path, String lastEventId, Instant at, long nanoTime) {
      this.kind = kind;
      this.path = path;
      this.lastEventId = lastEventId;
      this.at = at;
      this.nanoTime = nanoTime;
    }

    void status(int status) {
      this.status = status;
    }

    RecordedRequest snapshot() {
      return new RecordedRequest(kind.transportName(), path, lastEventId, status, at, nanoTime);
    }
  }
}
