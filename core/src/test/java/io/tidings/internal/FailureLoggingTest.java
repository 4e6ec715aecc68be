package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConnectionException;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.ReconnectPolicy;
import io.tidings.ServerClosedException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.TidingsClient;
import io.tidings.spi.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a subscription logs when things go wrong: one WARN per run of connection failures and one
 * INFO when it is back (quiet otherwise), a WARN per give-up, and listener exceptions logged on the
 * 1st, 2nd, 4th, 8th... and counted in the stats. Connection failures are logged on the thread that
 * reports them, so they are asserted right after; time is virtual.
 */
class FailureLoggingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport transport = new FakeTransport();
  private Subscription sub;

  @AfterEach
  void closeSubscription() {
    if (sub != null) {
      sub.close();
    }
  }

  private FakeConnection start(String name, ReconnectPolicy policy, SubscriptionListener l) {
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .name(name)
            .url("http://localhost:1/events")
            .transport("fake")
            .stallTimeout(Duration.ofHours(1))
            .reconnectPolicy(policy)
            .build();
    TidingsClient client = TidingsClient.builder().scheduler(clock).build();
    sub = SubscriptionEngine.start(config, l, transport.registry(), client);
    FakeConnection first = transport.pollConnection();
    assertNotNull(first, "the first attempt connects at once");
    return first;
  }

  private static ReconnectPolicy every10ms() {
    return ReconnectPolicy.fixedDelay(Duration.ofMillis(10));
  }

  private FakeConnection next() {
    clock.advance(Duration.ofMillis(10));
    FakeConnection c = transport.pollConnection();
    assertNotNull(c, "no reconnect after the fixed delay");
    return c;
  }

  @Test
  void aRunOfFailuresIsOneWarningAndItsEndOneInfo() {
    try (CapturedLog log = new CapturedLog()) {
      FakeConnection c = start("down-at-start", every10ms(), new Recorder());
      c.fail(new ConnectionException("connection refused", null));
      for (int i = 0; i < 3; i++) {
        next().fail(new ConnectionException("connection refused", null));
      }
      assertEquals(
          List.of(
              "WARN io.tidings.internal.Outage - Subscription 'down-at-start': cannot connect"
                  + " over fake: connection refused; retrying in 10 ms, then with backoff (until"
                  + " it connects again, further failures are logged at DEBUG)"),
          fromLevel(log.lines("'down-at-start'")));
      FakeConnection good = next().open();
      assertEquals(
          "INFO io.tidings.internal.Outage - Subscription 'down-at-start': connected over fake"
              + " again, after 4 failed attempts in 40 ms",
          fromLevel(log.lines("'down-at-start'")).get(1));

      // The next run is warned about again: an open connection that fails.
      good.fail(new HttpStatusException(503, "HTTP 503 Service Unavailable", null));
      List<String> lines = fromLevel(log.lines("'down-at-start'"));
      assertEquals(3, lines.size(), lines.toString());
      assertTrue(
          lines
              .get(2)
              .startsWith(
                  "WARN io.tidings.internal.Outage - Subscription"
                      + " 'down-at-start': the connection failed over fake: HTTP 503"),
          lines.get(2));
    }
  }

  @Test
  void messagesThatCannotBeDecodedAreWarnedAboutOnceSuggestingRawFormat() throws Exception {
    try (CapturedLog log = new CapturedLog()) {
      Recorder recorder = new Recorder();
      FakeConnection c = start("plain-text", every10ms(), recorder).open();
      for (int i = 0; i < 3; i++) {
        c.listener.onFrame(io.tidings.spi.Frame.text("hello " + i)); // plain text, format json
      }
      for (int i = 0; i < 3; i++) {
        assertTrue(recorder.nextError() instanceof io.tidings.DecodeException);
      }
      List<String> warnings =
          fromLevel(log.lines("'plain-text'")).stream().filter(l -> l.startsWith("WARN")).toList();
      assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
      assertTrue(warnings.get(0).contains("tidings.format=raw"), warnings.get(0));
    }
  }

  @Test
  void aStreamTheServerClosesAndThatResumesIsRoutine() {
    try (CapturedLog log = new CapturedLog()) {
      FakeConnection c = start("routine", every10ms(), new Recorder()).open();
      for (int i = 0; i < 3; i++) {
        c.fail(new ServerClosedException(-1, "", "end of stream"));
        c = next().open();
        c.fail(new ConnectionException("The server closed the connection", null));
        c = next().open();
      }
      assertEquals(List.of(), log.lines("'routine'"));
    }
  }

  @Test
  void aGiveUpIsWarnedAboutAndCountedAsAnError() throws Exception {
    try (CapturedLog log = new CapturedLog()) {
      FakeConnection c =
          start(
              "gives-up",
              ReconnectPolicy.exponentialBackoff()
                  .initialDelay(Duration.ofMillis(10))
                  .jitter(0)
                  .maxAttempts(1)
                  .build(),
              new Recorder());
      c.fail(new ConnectionException("connection refused", null));
      next().fail(new ConnectionException("connection refused", null));
      Throwable cause =
          sub.closed().toCompletableFuture().handle((v, e) -> e).get(20, TimeUnit.SECONDS);
      if (cause instanceof java.util.concurrent.CompletionException) {
        cause = cause.getCause();
      }
      assertTrue(cause instanceof GaveUpException, String.valueOf(cause));
      List<String> lines = fromLevel(log.lines("'gives-up'"));
      assertEquals(2, lines.size(), lines.toString());
      assertEquals(
          "WARN io.tidings.internal.LaneCoordinator - Subscription 'gives-up': Gave up after 2"
              + " failed attempts in a row in 10 ms (tidings.reconnect.max-attempts=1: at most 1"
              + " retry after a failure); last failure: connection refused",
          lines.get(1));
      assertEquals(2, sub.stats().errors(), "the retried failure and the one it gave up on");
    }
  }

  @Test
  void listenerExceptionsAreCountedAndLoggedOnThe1st2nd4th8th() throws Exception {
    SubscriptionListener throwing =
        new SubscriptionListener() {
          @Override
          public void onMessage(Message message) {
            throw new IllegalStateException("listener bug on " + message.id());
          }
        };
    try (CapturedLog log = new CapturedLog()) {
      FakeConnection c = start("throws", every10ms(), throwing).open();
      for (int i = 1; i <= 9; i++) {
        c.message(Integer.toString(i));
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (sub.stats().listenerExceptions() < 9 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      assertEquals(9, sub.stats().listenerExceptions());
      assertEquals(9, sub.stats().messages(), "delivery went on");
      List<String> warned = fromLevel(log.lines("Subscription 'throws': the listener's onMessage"));
      assertEquals(
          List.of(1, 2, 4, 8).stream()
              .map(
                  n ->
                      "WARN io.tidings.internal.Pipeline - Subscription 'throws': the listener's"
                          + " onMessage threw (listener exceptions so far: "
                          + n
                          + ", counted in stats().listenerExceptions()); delivery goes on")
              .toList(),
          warned);
      assertTrue(
          log.lines("java.lang.IllegalStateException: listener bug on 8").size() == 1,
          "each warning carries its stack trace");
    }
  }

  /** Log lines from their level on: slf4j-simple starts them with the thread's name. */
  private static List<String> fromLevel(List<String> lines) {
    return lines.stream().map(l -> l.substring(Math.max(0, indexOfLevel(l)))).toList();
  }

  private static int indexOfLevel(String line) {
    for (String level : List.of("WARN ", "INFO ", "ERROR ", "DEBUG ")) {
      int i = line.indexOf("] " + level);
      if (i >= 0) {
        return i + 2;
      }
    }
    return 0;
  }
}
