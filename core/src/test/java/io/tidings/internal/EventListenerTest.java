package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConnectionException;
import io.tidings.EventListener;
import io.tidings.FailureDecision;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsClient;
import io.tidings.TidingsException;
import io.tidings.spi.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an operator's {@link EventListener} sees, in order, for the common paths of a lane. */
class EventListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport transport = new FakeTransport();
  private final Recorder recorder = new Recorder();
  private final Events events = new Events();
  private Subscription sub;

  @AfterEach
  void closeSubscription() {
    if (sub != null) {
      sub.close();
    }
  }

  private FakeConnection start(EventListener.Factory factory) {
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .url("http://localhost:1/events")
            .transport("fake")
            .reconnectPolicy(
                ReconnectPolicy.exponentialBackoff()
                    .initialDelay(Duration.ofMillis(100))
                    .jitter(0)
                    .build())
            .build();
    TidingsClient client =
        TidingsClient.builder().scheduler(clock).eventListenerFactory(factory).build();
    sub = SubscriptionEngine.start(config, recorder, transport.registry(), client);
    FakeConnection first = transport.pollConnection();
    assertNotNull(first);
    return first;
  }

  @Test
  void connectOpenFailRetryResumeAndCloseArriveInOrder() throws Exception {
    FakeConnection c = start(s -> events);
    c.open().message("1");
    recorder.assertNextMessages("1");
    events.awaitCount(3); // start, open, delivered
    c.fail(new ConnectionException("reset", null));
    clock.advance(Duration.ofMillis(100));
    transport.pollConnection().open();
    events.awaitCount(7);
    sub.close();
    events.awaitCount(9);
    assertEquals(
        List.of(
            "connectStart fake #1 after null",
            "connectOpen fake #1",
            "messageDelivered 1",
            "connectFailed fake #1 RETRY reset",
            "reconnectScheduled fake 100ms",
            "connectStart fake #2 after 1",
            "connectOpen fake #2",
            "connectClosed fake #2",
            "closed null"),
        events.lines());
  }

  @Test
  void aFatalStatusIsAGiveUpDecisionAndTheEndCarriesTheGaveUpException() throws Exception {
    FakeConnection c = start(s -> events);
    c.fail(new HttpStatusException(401, "HTTP 401", null));
    events.awaitCount(3);
    assertEquals("connectFailed fake #1 GIVE_UP HTTP 401", events.lines().get(1));
    assertTrue(events.lines().get(2).startsWith("closed GaveUpException"), events.lines().get(2));
    assertInstanceOf(GaveUpException.class, recorder.nextClosed());
  }

  @Test
  void theFactoryIsAskedOncePerSubscriptionWithThatSubscription() throws Exception {
    List<Subscription> asked = new CopyOnWriteArrayList<>();
    start(
        s -> {
          asked.add(s);
          return events;
        });
    assertEquals(1, asked.size());
    assertSame(sub, asked.get(0));
  }

  @Test
  void aThrowingEventListenerBreaksNeitherDeliveryNorReconnects() throws Exception {
    EventListener throwing =
        new EventListener() {
          @Override
          public void connectStart(Subscription s, String t, int attempt, String last) {
            throw new IllegalStateException("broken metrics");
          }

          @Override
          public void messageDelivered(Subscription s, Message m) {
            throw new IllegalStateException("broken metrics");
          }

          @Override
          public void reconnectScheduled(Subscription s, String t, Duration d) {
            throw new IllegalStateException("broken metrics");
          }
        };
    FakeConnection c = start(s -> throwing);
    c.open().message("1");
    recorder.assertNextMessages("1");
    c.fail(new ConnectionException("reset", null));
    clock.advance(Duration.ofMillis(100));
    FakeConnection next = transport.pollConnection();
    assertNotNull(next, "a throwing listener stopped the reconnect");
    assertEquals("1", next.cursor.lastEventId().orElseThrow());
    next.open().message("2");
    assertInstanceOf(ConnectionException.class, recorder.nextError());
    recorder.assertNextMessages("2");
  }

  /** Records events as lines; thread-safe. */
  private static final class Events extends EventListener {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    List<String> lines() {
      return List.copyOf(lines);
    }

    void awaitCount(int n) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      synchronized (this) {
        while (lines.size() < n) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("expected " + n + " events, got " + lines);
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      }
    }

    private synchronized void add(String line) {
      lines.add(line);
      notifyAll();
    }

    @Override
    public void connectStart(Subscription s, String transport, int attempt, String lastEventId) {
      add("connectStart " + transport + " #" + attempt + " after " + lastEventId);
    }

    @Override
    public void connectOpen(Subscription s, String transport, int attempt) {
      add("connectOpen " + transport + " #" + attempt);
    }

    @Override
    public void connectFailed(
        Subscription s,
        String transport,
        int attempt,
        TidingsException failure,
        FailureDecision decision) {
      add(
          "connectFailed "
              + transport
              + " #"
              + attempt
              + " "
              + decision
              + " "
              + failure.getMessage());
    }

    @Override
    public void connectClosed(Subscription s, String transport, int attempt) {
      add("connectClosed " + transport + " #" + attempt);
    }

    @Override
    public void reconnectScheduled(Subscription s, String transport, Duration delay) {
      add("reconnectScheduled " + transport + " " + delay.toMillis() + "ms");
    }

    @Override
    public void messageDelivered(Subscription s, Message m) {
      add("messageDelivered " + m.id());
    }

    @Override
    public void closed(Subscription s, Throwable cause) {
      add("closed " + (cause == null ? null : cause.getClass().getSimpleName()));
    }
  }
}
