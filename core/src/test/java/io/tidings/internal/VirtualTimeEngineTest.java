package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConnectionException;
import io.tidings.Gap;
import io.tidings.HttpStatusException;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.ServerClosedException;
import io.tidings.StallException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsClient;
import io.tidings.spi.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's timers on virtual time: backoff, server hints, stall checks and gap timeouts are
 * asserted to the nanosecond, with no waiting on the real clock. Only the delivery of callbacks (on
 * the shared pool) is waited for.
 */
class VirtualTimeEngineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration NANO = Duration.ofNanos(1);

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport transport = new FakeTransport();
  private final Recorder recorder = new Recorder();
  private Subscription sub;

  @AfterEach
  void closeSubscription() {
    if (sub != null) {
      sub.close();
    }
  }

  private static SubscriptionConfig.Builder config() {
    return SubscriptionConfig.builder()
        .url("http://localhost:1/events")
        .transport("fake")
        .stallTimeout(Duration.ofHours(1))
        .reconnectPolicy(
            ReconnectPolicy.exponentialBackoff()
                .initialDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(50))
                .build());
  }

  private FakeConnection start(SubscriptionConfig.Builder config) {
    TidingsClient client = TidingsClient.builder().scheduler(clock).build();
    sub = SubscriptionEngine.start(config.build(), recorder, transport.registry(), client);
    // Without a credentials provider the first connect runs on the caller: nothing to advance.
    FakeConnection first = transport.pollConnection();
    assertNotNull(first, "the first attempt connects at once");
    return first;
  }

  /** Advances by {@code by} minus a nanosecond: nothing may connect; then the last nanosecond. */
  private FakeConnection reconnectsExactlyAfter(Duration by) {
    clock.advance(by.minus(NANO));
    assertNull(transport.pollConnection(), () -> "reconnected before " + by);
    clock.advance(NANO);
    FakeConnection next = transport.pollConnection();
    assertNotNull(next, () -> "no reconnect after " + by);
    return next;
  }

  @Test
  void backoffWaitsAtLeastItsJitterFloorAndAtMostItsBaseDelay() {
    ReconnectPolicy policy =
        ReconnectPolicy.exponentialBackoff()
            .initialDelay(Duration.ofMillis(40))
            .maxDelay(Duration.ofMillis(160))
            .jitter(0.5)
            .build();
    FakeConnection previous = start(config().reconnectPolicy(policy));
    for (int attempt = 1; attempt <= 4; attempt++) {
      previous.fail(new ConnectionException("refused", null));
      Duration base = policy.baseDelay(attempt);
      Duration floor = base.dividedBy(2);
      clock.advance(floor.minus(NANO));
      assertNull(transport.pollConnection(), "attempt " + attempt + " came before its floor");
      clock.advance(base.minus(floor).plus(NANO));
      previous = transport.pollConnection();
      assertNotNull(previous, "attempt " + attempt + " did not come by its base delay " + base);
    }
  }

  @Test
  void retryAfterSetsTheDelay() {
    start(config()).fail(new HttpStatusException(503, "HTTP 503", Duration.ofMillis(300)));
    reconnectsExactlyAfter(Duration.ofMillis(300));
  }

  @Test
  void retryAfterIsCappedByMaxServerDelay() {
    ReconnectPolicy policy =
        ReconnectPolicy.exponentialBackoff()
            .initialDelay(Duration.ofMillis(10))
            .maxDelay(Duration.ofMillis(10))
            .jitter(0)
            .maxServerDelay(Duration.ofMillis(20))
            .build();
    start(config().reconnectPolicy(policy))
        .fail(new HttpStatusException(503, "HTTP 503", Duration.ofHours(1)));
    reconnectsExactlyAfter(Duration.ofMillis(20));
  }

  @Test
  void sseRetryHintSetsTheDelayOfLaterReconnects() {
    FakeConnection c = start(config()).open();
    c.listener.onRetryHint(Duration.ofMillis(250));
    c.fail(new ServerClosedException(-1, "", "end of stream"));
    FakeConnection next = reconnectsExactlyAfter(Duration.ofMillis(250)).open();
    next.fail(new ServerClosedException(-1, "", "end of stream"));
    reconnectsExactlyAfter(Duration.ofMillis(250)); // the hint still holds for this transport
  }

  @Test
  void aSilentConnectionIsReplacedExactlyAtTheStallTimeout() throws Exception {
    Duration stall = Duration.ofMillis(200);
    FakeConnection c = start(config().stallTimeout(stall)).open();
    clock.advance(stall.minus(NANO));
    assertFalse(c.isClosed(), "closed before the stall timeout");
    clock.advance(NANO);
    assertTrue(c.isClosed(), "still open at the stall timeout");
    assertInstanceOf(StallException.class, recorder.nextError());
    clock.advance(Duration.ofMillis(10)); // the backoff delay, at most the initial 10 ms
    FakeConnection next = transport.pollConnection();
    assertNotNull(next, "the stalled connection was not replaced");
    next.open().message("1");
    recorder.assertNextMessages("1");
  }

  /**
   * Issue 10 (6c): a transport whose quiet period exceeds {@code tidings.stall-timeout} (a long
   * poll's wait plus a margin) raises it; the stall comes at the raised timeout and its message
   * names both and why.
   */
  @Test
  void aStallRaisedByTheTransportNamesTheTimeoutInForceAndTheConfiguredOne() throws Exception {
    transport.quietPeriod = Duration.ofMillis(300);
    FakeConnection c = start(config().stallTimeout(Duration.ofMillis(100))).open();
    c.listener.onHeartbeat(); // heard from once: a stall, not a stream silent since it opened
    clock.advance(Duration.ofMillis(300).minus(NANO));
    assertFalse(c.isClosed(), "closed before the raised stall timeout");
    clock.advance(NANO);
    assertTrue(c.isClosed(), "still open at the raised stall timeout");
    StallException stall = assertInstanceOf(StallException.class, recorder.nextError());
    assertEquals(Duration.ofMillis(300), stall.timeout());
    assertEquals(
        "No data or heartbeat for 300 ms: tidings.stall-timeout=100 ms, raised to 300 ms, the"
            + " longest a healthy fake connection stays silent with this configuration (its wait or"
            + " interval plus a margin); the connection is presumed dead and will be replaced",
        stall.getMessage());
  }

  @Test
  void aStreamSilentSinceItOpenedSaysSoInItsStall() throws Exception {
    FakeConnection c = start(config().stallTimeout(Duration.ofMillis(100))).open();
    clock.advance(Duration.ofMillis(100));
    assertTrue(c.isClosed());
    StallException stall = assertInstanceOf(StallException.class, recorder.nextError());
    assertTrue(stall.silentSinceOpen());
    assertEquals(
        "Connected, but not a byte arrived in 100 ms (tidings.stall-timeout): something in the"
            + " path may be buffering the stream; the connection is replaced",
        stall.getMessage());
  }

  @Test
  void heartbeatsKeepAQuietConnectionAliveAndTheirEndStartsTheStallClock() {
    Duration stall = Duration.ofSeconds(1);
    FakeConnection c = start(config().stallTimeout(stall)).open();
    for (int i = 0; i < 20; i++) { // 10 s of virtual time, a heartbeat every 500 ms
      clock.advance(Duration.ofMillis(500));
      c.listener.onHeartbeat();
    }
    assertFalse(c.isClosed(), "heartbeats must prevent a stall");
    assertNull(transport.pollConnection());
    clock.advance(stall.minus(NANO));
    assertFalse(c.isClosed(), "stalled before a whole timeout after the last heartbeat");
    clock.advance(NANO);
    assertTrue(c.isClosed(), "not stalled a whole timeout after the last heartbeat");
  }

  @Test
  void eachHoleGetsTheWholeGapTimeout() throws Exception {
    Duration gapTimeout = Duration.ofMillis(400);
    FakeConnection c =
        start(config().orderingPolicy(OrderingPolicy.ordered(100, gapTimeout)))
            .open()
            .messages("1", "3", "5");
    recorder.assertNextMessages("1");
    clock.advance(gapTimeout.dividedBy(2));
    c.message("2"); // fills the first hole; 4 is missing from now on
    recorder.assertNextMessages("2", "3");
    clock.advance(gapTimeout.minus(NANO));
    assertEquals(0, sub.stats().gaps(), "the second hole's gap came before its whole timeout");
    clock.advance(NANO);
    assertEquals(1, sub.stats().gaps());
    Gap gap = recorder.nextGap();
    assertEquals(Gap.Reason.TIMEOUT, gap.reason());
    assertEquals(4, gap.firstMissing().getAsLong());
    assertEquals("3", gap.lastIdBefore());
    recorder.assertNextMessages("5");
  }
}
