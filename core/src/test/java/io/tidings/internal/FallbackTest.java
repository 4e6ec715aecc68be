package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConfigurationException;
import io.tidings.ConnectionException;
import io.tidings.FailureDecision;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.StallException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.TidingsClient;
import io.tidings.TidingsException;
import io.tidings.spi.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fallback down the transport list, probe-back and {@code switchTransport}, on fake transports and
 * virtual time: what moves, when, from which cursor, and that the overlap of a make-before-break
 * switch loses and repeats nothing.
 */
class FallbackTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration PROBE = Duration.ofMinutes(5);

  private final VirtualScheduler clock = new VirtualScheduler();
  private final FakeTransport first =
      unavailableOn("refused", new FakeTransport("first", Set.of()));
  private final FakeTransport second =
      unavailableOn("refused", new FakeTransport("second", Set.of()));
  private final FakeTransport third = new FakeTransport("third", Set.of());
  private final Recorder recorder = new Recorder();
  private Subscription sub;

  /** The transport reads a ProtocolException saying {@code word} as "unavailable". */
  private static FakeTransport unavailableOn(String word, FakeTransport t) {
    t.classifier =
        f ->
            f instanceof ProtocolException && f.getMessage().contains(word)
                ? Optional.of(FailureDecision.FALL_BACK)
                : Optional.empty();
    return t;
  }

  private static TidingsException refused() {
    return new ProtocolException("upgrade refused");
  }

  @AfterEach
  void closeSubscription() {
    if (sub != null) {
      sub.close();
    }
  }

  private SubscriptionConfig.Builder config(String... transports) {
    return SubscriptionConfig.builder()
        .url("http://localhost:1/events")
        .transports(List.of(transports))
        .stallTimeout(Duration.ofHours(1))
        .fallbackProbeInterval(PROBE)
        .reconnectPolicy(
            ReconnectPolicy.exponentialBackoff()
                .initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofMillis(100))
                .jitter(0)
                .build());
  }

  private FakeConnection start(SubscriptionConfig.Builder config) {
    TidingsClient client = TidingsClient.builder().scheduler(clock).build();
    TransportRegistry registry = new TransportRegistry(List.of(first, second, third));
    sub = SubscriptionEngine.start(config.build(), recorder, registry, client);
    return taken(first);
  }

  private static FakeConnection taken(FakeTransport t) {
    FakeConnection c = t.pollConnection();
    assertNotNull(c, () -> t.name() + " was not connected");
    return c;
  }

  /** Runs what is due now (a zero-delay reconnect) and returns the connection it made. */
  private FakeConnection connectedNow(FakeTransport t) {
    clock.runDue();
    return taken(t);
  }

  @Test
  void anUnavailableTransportFallsToTheNextFromTheLastAcceptedId() throws Exception {
    FakeConnection a = start(config("first", "second")).open().messages("1", "2");
    recorder.assertNextMessages("1", "2");
    a.fail(refused());
    assertEquals("second", sub.transport(), "the next transport carries it at once");
    FakeConnection b = connectedNow(second);
    assertEquals("2", b.cursor.lastEventId().orElseThrow(), "resumes after the last id");
    b.open().messages("2", "3"); // a server replaying the last id: dropped, not repeated
    assertInstanceOf(ProtocolException.class, recorder.nextError());
    assertEquals(
        "first->second: first is unavailable on this path: upgrade refused",
        recorder.nextTransportChange());
    recorder.assertNextMessages("3");
    SubscriptionStats stats = sub.stats();
    assertEquals(1, stats.fallbacks());
    assertEquals(1, stats.duplicatesDropped());
    assertEquals("second", stats.transport());
  }

  @Test
  void networkFailuresReconnectOnTheSameTransportAndNeverDowngrade() throws Exception {
    FakeConnection a = start(config("first", "second")).open();
    for (TidingsException failure :
        List.of(
            new ConnectionException("connection refused", null),
            new StallException(Duration.ofSeconds(1)),
            new HttpStatusException(503, "HTTP 503", null))) {
      a.fail(failure);
      clock.advance(Duration.ofMillis(100));
      a = taken(first).open();
      assertNull(second.pollConnection(), () -> failure + " moved to the next transport");
    }
    assertEquals("first", sub.transport());
    assertEquals(0, sub.stats().fallbacks());
  }

  @Test
  void aFatalStatusEndsTheSubscriptionInsteadOfWalkingDownTheList() throws Exception {
    start(config("first", "second")).fail(new HttpStatusException(401, "HTTP 401", null));
    assertInstanceOf(GaveUpException.class, recorder.nextClosed());
    assertNull(second.pollConnection());
  }

  @Test
  void aRefusedUpgradeFallsBackButA403ThatTheNextTransportGetsTooIsFatal() throws Exception {
    // first reads its 403 as a refused upgrade (as WebSocket does); second has no such reading.
    first.classifier =
        f ->
            f instanceof HttpStatusException && ((HttpStatusException) f).statusCode() == 403
                ? Optional.of(FailureDecision.FALL_BACK)
                : Optional.empty();
    start(config("first", "second")).fail(new HttpStatusException(403, "HTTP 403", null));
    connectedNow(second).fail(new HttpStatusException(403, "HTTP 403", null));
    assertInstanceOf(HttpStatusException.class, recorder.nextError());
    assertTrue(recorder.nextTransportChange().startsWith("first->second"));
    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, recorder.nextClosed());
    assertTrue(gaveUp.getMessage().contains("HTTP 403"), gaveUp.getMessage());
    assertNull(first.pollConnection(), "a fatal status does not walk the list again");
  }

  @Test
  void withOneTransportAnUnavailableOneIsRetriedWithBackoff() throws Exception {
    start(config("first")).fail(refused());
    clock.advance(Duration.ofMillis(100).minusNanos(1));
    assertNull(first.pollConnection(), "retried before the backoff delay");
    clock.advance(Duration.ofNanos(1));
    taken(first);
  }

  @Test
  void whenTheLastIsUnavailableTooItBacksOffAndStartsAgainFromTheFirst() throws Exception {
    start(config("first", "second")).fail(refused());
    connectedNow(second).fail(refused());
    assertEquals("first", sub.transport());
    clock.advance(Duration.ofMillis(100).minusNanos(1));
    assertNull(first.pollConnection(), "the whole list again without a backoff delay");
    clock.advance(Duration.ofNanos(1));
    taken(first).open();
    assertEquals(SubscriptionState.OPEN, awaitState(SubscriptionState.OPEN));
    assertEquals(2, sub.stats().fallbacks());
  }

  @Test
  void aProbeSwitchesBackMakeBeforeBreakWithNothingLostOrRepeated() throws Exception {
    start(config("first", "second")).open().messages("1").fail(refused());
    FakeConnection b = connectedNow(second).open().messages("2");
    recorder.assertNextMessages("1");
    recorder.nextError();
    recorder.nextTransportChange();
    recorder.assertNextMessages("2");

    clock.advance(PROBE.multipliedBy(8).dividedBy(10).minusNanos(1));
    assertNull(first.pollConnection(), "probed more than 20 % early");
    clock.advance(PROBE.dividedBy(5).plusNanos(1));
    FakeConnection probe = taken(first);
    assertEquals("2", probe.cursor.lastEventId().orElseThrow(), "the probe opens from the cursor");
    assertEquals(1, sub.stats().probes());

    probe.open(); // open, but not heard from yet: the old connection still carries it
    assertEquals("second", sub.transport());
    assertFalse(b.isClosed());
    b.messages("3"); // the overlap: both deliver 3 and 4
    probe.messages("3", "4");
    assertEquals("first", sub.transport(), "heard from: the probe carries it now");
    b.awaitClosed(WAIT);
    b.listener.onFrame(io.tidings.spi.Frame.text("{\"id\":\"5\",\"data\":5}")); // late: dropped
    probe.messages("5");
    recorder.assertNextMessages("3");
    assertEquals(
        "second->first: a probe found first available again", recorder.nextTransportChange());
    recorder.assertNextMessages("4", "5");
    recorder.assertExhausted();
    assertEquals(1, sub.stats().switches());
    assertEquals(SubscriptionState.OPEN, sub.state());
  }

  @Test
  void aFailedProbeChangesNothingButACounterAndTheNextProbeFollows() throws Exception {
    start(config("first", "second")).fail(refused());
    connectedNow(second).open().messages("1");
    recorder.nextError();
    recorder.nextTransportChange();
    recorder.assertNextMessages("1");
    clock.advance(PROBE);
    taken(first).fail(refused());
    assertEquals("second", sub.transport());
    assertEquals(SubscriptionState.OPEN, sub.state());
    assertEquals(1, sub.stats().probes());
    assertEquals(0, sub.stats().switches());
    clock.advance(PROBE);
    assertNotNull(first.pollConnection(), "the next probe");
    assertEquals(2, sub.stats().probes());
    recorder.assertExhausted(); // no error, no state change the application sees
  }

  @Test
  void switchTransportMovesMakeBeforeBreakAndCompletesOnceTheNewOneCarries() throws Exception {
    FakeConnection a = start(config("first", "second", "third")).open().messages("1");
    recorder.assertNextMessages("1");
    CompletableFuture<Void> done = sub.switchTransport("third").toCompletableFuture();
    FakeConnection c = taken(third);
    assertEquals("1", c.cursor.lastEventId().orElseThrow());
    c.open();
    assertFalse(done.isDone(), "complete before the new connection was heard from");
    a.messages("2");
    c.messages("2");
    done.get(10, TimeUnit.SECONDS);
    assertEquals("third", sub.transport());
    a.awaitClosed(WAIT);
    recorder.assertNextMessages("2");
    assertEquals("first->third: switchTransport(third)", recorder.nextTransportChange());
    assertEquals(1, sub.stats().switches());
    assertEquals(0, sub.stats().fallbacks());
  }

  @Test
  void aSwitchThatCannotConnectFailsAndLeavesTheSubscriptionWhereItWas() throws Exception {
    FakeConnection a = start(config("first", "second")).open();
    CompletableFuture<Void> done = sub.switchTransport("second").toCompletableFuture();
    taken(second).fail(new ConnectionException("connection refused", null));
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    assertInstanceOf(ConnectionException.class, e.getCause());
    assertEquals("first", sub.transport());
    assertFalse(a.isClosed());
    assertEquals(SubscriptionState.OPEN, sub.state());
  }

  @Test
  void switchingToATransportNotConfiguredFailsNamingTheList() throws Exception {
    start(config("first", "second"));
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () -> sub.switchTransport("third").toCompletableFuture().get(10, TimeUnit.SECONDS));
    ConfigurationException c = assertInstanceOf(ConfigurationException.class, e.getCause());
    assertTrue(c.getMessage().contains("tidings.transport=first,second"), c.getMessage());
  }

  @Test
  void closingDuringASwitchFailsItAndClosesBothConnections() throws Exception {
    FakeConnection a = start(config("first", "second")).open();
    CompletableFuture<Void> done = sub.switchTransport("second").toCompletableFuture();
    FakeConnection b = taken(second).open();
    sub.close();
    a.awaitClosed(WAIT);
    b.awaitClosed(WAIT);
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    assertInstanceOf(TidingsException.class, e.getCause());
  }

  /** A refusal as a transport reports it: the reason and what to fix. */
  private static TidingsException refusedWith426() {
    return new ProtocolException(
        "upgrade refused with HTTP 426 by something in the path: if a proxy sits in between, let"
            + " it pass upgrades");
  }

  /** What the coordinator logged about this subscription, from the level on. */
  private static List<String> coordinatorLines(CapturedLog log, String name) {
    return log.lines("'" + name + "'").stream()
        .filter(l -> l.contains("io.tidings.internal.LaneCoordinator"))
        .map(l -> l.substring(l.indexOf("] ") + 2))
        .toList();
  }

  @Test
  void aDowngradeIsLoggedOnceAtInfoWithTheReasonAndWhatToFixNotOncePerProbe() throws Exception {
    try (CapturedLog log = new CapturedLog()) {
      start(config("first", "second").name("downgrade-log")).fail(refusedWith426());
      connectedNow(second).open().messages("1");
      String downgrade =
          "INFO io.tidings.internal.LaneCoordinator - Subscription 'downgrade-log': first is"
              + " unavailable on this path: upgrade refused with HTTP 426 by something in the"
              + " path: if a proxy sits in between, let it pass upgrades; falling back to second"
              + " (first is probed again every PT5M)";
      assertEquals(List.of(downgrade), coordinatorLines(log, "downgrade-log"));
      for (int probe = 0; probe < 5; probe++) { // failed probes: a counter, not a line each
        clock.advance(PROBE);
        taken(first).fail(refusedWith426());
      }
      assertEquals(5, sub.stats().probes());
      assertEquals(List.of(downgrade), coordinatorLines(log, "downgrade-log"));
      assertEquals(
          List.of(),
          log.lines("WARN").stream().filter(l -> l.contains("'downgrade-log'")).toList());

      clock.advance(PROBE); // this probe works: the subscription is back on first
      FakeConnection back = taken(first).open().messages("2");
      assertEquals("first", sub.transport());
      // A new downgrade after first carried the subscription again is news: logged again.
      back.fail(refusedWith426());
      List<String> lines = coordinatorLines(log, "downgrade-log");
      assertEquals(3, lines.size(), lines.toString());
      assertTrue(
          lines.get(1).startsWith("INFO ") && lines.get(1).contains("now on first"), lines.get(1));
      assertEquals(downgrade, lines.get(2));
    }
  }

  @Test
  void roundsOverAWhollyUnavailableListAreSaidOnceNotOncePerAttempt() throws Exception {
    try (CapturedLog log = new CapturedLog()) {
      start(config("first", "second").name("all-down")).fail(refusedWith426());
      for (int round = 0; round < 5; round++) {
        connectedNow(second).fail(refused());
        clock.advance(Duration.ofMillis(100)); // the backoff before the list starts again
        taken(first).fail(refusedWith426());
      }
      assertEquals(11, sub.stats().fallbacks());
      List<String> info =
          coordinatorLines(log, "all-down").stream().filter(l -> l.startsWith("INFO ")).toList();
      assertEquals(2, info.size(), info::toString);
      assertTrue(
          info.get(0).contains("first is unavailable on this path: upgrade refused with HTTP 426"),
          info.get(0));
      assertTrue(
          info.get(1)
              .contains(
                  "second is unavailable on this path: upgrade refused; every transport of the"
                      + " list is unavailable, starting again from first in 100 ms"),
          info.get(1));
      // Once a transport carried the subscription, the next downgrade is news again.
      connectedNow(second).open().messages("1").fail(refused());
      info = coordinatorLines(log, "all-down").stream().filter(l -> l.startsWith("INFO ")).toList();
      assertEquals(3, info.size(), info::toString);
    }
  }

  private SubscriptionState awaitState(SubscriptionState s) throws InterruptedException {
    assertTrue(sub.awaitState(s, WAIT));
    return sub.state();
  }
}
