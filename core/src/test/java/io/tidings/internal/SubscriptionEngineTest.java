package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConfigurationException;
import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.MessageTooLargeException;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.ServerClosedException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.TidingsClient;
import io.tidings.TidingsException;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionEngineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ConfigOption<Set<Integer>> FATAL_CLOSE_CODES =
      ConfigOption.codes(
          "websocket.fatal-close-codes", Set.of(1003, 1008), 1000, 4999, "close codes", "Codes.");

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
        .reconnectPolicy(fast().build());
  }

  private static ReconnectPolicy.Builder fast() {
    return ReconnectPolicy.exponentialBackoff()
        .initialDelay(Duration.ofMillis(10))
        .maxDelay(Duration.ofMillis(50));
  }

  private Subscription start(SubscriptionConfig.Builder config) {
    sub = SubscriptionEngine.start(config.build(), recorder, transport.registry());
    return sub;
  }

  @Test
  void deliversMessagesInOrderOnTheSharedDeliveryPool() throws Exception {
    start(config());
    FakeConnection c = transport.nextConnection(WAIT);
    assertTrue(c.cursor.isEmpty());
    c.open().messages("1", "2", "3");
    assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
    for (String id : List.of("1", "2", "3")) {
      Recorder.Event e = recorder.next("message");
      Message m = (Message) e.value();
      assertEquals(id, m.id());
      assertEquals("tick", m.type());
      assertEquals("{\"n\":" + id + "}", m.data());
      assertEquals(Long.parseLong(id), m.sequence().getAsLong());
      assertEquals("fake", m.transport());
      assertTrue(e.thread().startsWith("tidings-delivery-"), e.thread());
    }
    recorder.assertExhausted();
    assertEquals(3, sub.stats().messages());
    assertEquals("3", sub.lastEventId().orElseThrow());
  }

  @Test
  void stateMachineGoesConnectingOpenReconnectingOpenClosed() throws Exception {
    start(config());
    assertEquals(SubscriptionState.CONNECTING, sub.state());
    transport.nextConnection(WAIT).open().fail(new ConnectionException("reset", null));
    transport.nextConnection(WAIT).open();
    assertEquals(SubscriptionState.OPEN, recorder.nextState());
    assertEquals(SubscriptionState.RECONNECTING, recorder.nextState());
    assertEquals(SubscriptionState.OPEN, recorder.nextState());
    sub.close();
    assertEquals(SubscriptionState.CLOSED, recorder.nextState());
    assertEquals("none", recorder.nextClosed());
    assertEquals(SubscriptionState.CLOSED, sub.state());
    assertFalse(sub.awaitState(SubscriptionState.OPEN, Duration.ofMillis(1)));
    sub.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void reconnectResumesFromTheLastAcceptedIdAndDropsRepeats() throws Exception {
    start(config());
    FakeConnection first = transport.nextConnection(WAIT).open().messages("1", "2");
    first.fail(new ConnectionException("connection reset", null));
    FakeConnection second = transport.nextConnection(WAIT);
    assertEquals(Cursor.of("2"), second.cursor);
    second.open().messages("2", "3");
    recorder.assertNextMessages("1", "2");
    assertInstanceOf(ConnectionException.class, recorder.nextError());
    recorder.assertNextMessages("3");
    recorder.assertExhausted();
    assertEquals(1, sub.stats().duplicatesDropped());
    assertEquals(1, sub.stats().reconnects());
    assertEquals(2, sub.stats().connections());
  }

  @Test
  void anEventThatClearsTheIdResumesWithoutACursor() throws Exception {
    start(config());
    FakeConnection first = transport.nextConnection(WAIT).open().messages("1");
    first.listener.onFrame(Frame.event("", null, "\"cleared\""));
    first.fail(new ConnectionException("connection reset", null));
    FakeConnection second = transport.nextConnection(WAIT);
    assertTrue(second.cursor.isEmpty(), () -> "cursor " + second.cursor);
    recorder.assertNextMessages("1");
    Message cleared = recorder.nextMessage();
    assertNull(cleared.id());
    assertEquals("cleared", cleared.data()); // a JSON string's content (docs/PROTOCOL.md)
  }

  @Test
  void unauthorizedEndsTheSubscription() throws Exception {
    start(config());
    HttpStatusException unauthorized = new HttpStatusException(401, "HTTP 401", null);
    transport.nextConnection(WAIT).fail(unauthorized);
    Object closedCause = recorder.nextClosed();
    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, closedCause);
    assertSame(unauthorized, gaveUp.getCause());
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> sub.closed().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertSame(gaveUp, e.getCause());
    assertEquals(SubscriptionState.CLOSED, sub.state());
    assertNull(transport.pollConnection(), "must not reconnect after 401");
  }

  @Test
  void fatalStatusesAreConfigurable() throws Exception {
    start(config().reconnectPolicy(fast().fatalStatuses(Set.of()).build()));
    transport.nextConnection(WAIT).fail(new HttpStatusException(401, "HTTP 401", null));
    transport.nextConnection(WAIT).open();
    assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
  }

  @ParameterizedTest(name = "close code {0}")
  @ValueSource(ints = {1003, 1008, 4001})
  void websocketFatalCloseCodeEndsTheSubscription(int code) throws Exception {
    transport.options = List.of(FATAL_CLOSE_CODES);
    start(config().option(FATAL_CLOSE_CODES, Set.of(1003, 1008, 4001)));
    transport.nextConnection(WAIT).open().fail(new ServerClosedException(code, "bye", "closed"));
    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, recorder.nextClosed());
    assertTrue(gaveUp.getMessage().contains(String.valueOf(code)), gaveUp::getMessage);
    assertNull(transport.pollConnection());
  }

  @ParameterizedTest(name = "close code {0}")
  @ValueSource(ints = {1000, 1001, 1011, 4002})
  void otherCloseCodesReconnect(int code) throws Exception {
    transport.options = List.of(FATAL_CLOSE_CODES);
    start(config().option(FATAL_CLOSE_CODES, Set.of(1003, 1008, 4001)));
    transport.nextConnection(WAIT).open().fail(new ServerClosedException(code, "bye", "closed"));
    transport.nextConnection(WAIT).open().message("1");
    assertInstanceOf(ServerClosedException.class, recorder.nextError());
    recorder.assertNextMessages("1");
  }

  @Test
  void noContentEndsTheSubscriptionNormally() throws Exception {
    start(config());
    transport.nextConnection(WAIT).open().fail(new HttpStatusException(204, "HTTP 204", null));
    assertEquals("none", recorder.nextClosed());
    sub.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void givesUpAfterMaxAttempts() throws Exception {
    start(config().reconnectPolicy(fast().maxAttempts(2).build()));
    ConnectionException last = new ConnectionException("refused", null);
    transport.nextConnection(WAIT).fail(new ConnectionException("refused", null));
    transport.nextConnection(WAIT).fail(new ConnectionException("refused", null));
    transport.nextConnection(WAIT).fail(last);
    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, recorder.nextClosed());
    assertEquals(3, gaveUp.attempts());
    assertSame(last, gaveUp.getCause());
    assertNull(transport.pollConnection());
  }

  @Test
  void failureCountResetsOnlyAfterAStableConnection() throws Exception {
    // Long enough that the third connection cannot pass for stable when this thread is paused.
    Duration resetAfter = Duration.ofSeconds(2);
    start(config().reconnectPolicy(fast().maxAttempts(1).resetAfter(resetAfter).build()));
    transport.nextConnection(WAIT).fail(new ConnectionException("refused", null));
    FakeConnection stable = transport.nextConnection(WAIT).open();
    awaitElapsed(System.nanoTime(), resetAfter);
    stable.fail(new ConnectionException("reset", null));
    // Had the count not reset, this second failure in a row would exceed maxAttempts=1.
    FakeConnection third = transport.nextConnection(WAIT).open();
    third.fail(new ConnectionException("reset at once", null)); // open, but not stable: 2 in a row
    assertInstanceOf(GaveUpException.class, recorder.nextClosed());
    assertNull(transport.pollConnection());
  }

  @Test
  void aConnectionThatOpensAndDropsAtOnceStillBacksOff() throws Exception {
    start(config().reconnectPolicy(fast().maxAttempts(2).resetAfter(Duration.ofHours(1)).build()));
    for (int i = 0; i < 3; i++) {
      transport.nextConnection(WAIT).open().fail(new ConnectionException("dropped", null));
    }
    GaveUpException gaveUp = assertInstanceOf(GaveUpException.class, recorder.nextClosed());
    assertEquals(3, gaveUp.attempts());
  }

  @Test
  void deduplicatesOverABoundedWindow() throws Exception {
    start(config().orderingPolicy(OrderingPolicy.deduplicate(2)));
    FakeConnection c = transport.nextConnection(WAIT).open();
    for (String id : List.of("a", "b", "a", "c", "d", "a")) {
      c.message(id, "1");
    }
    // "a" is a duplicate while in the window of 2, and new again once it left it.
    recorder.assertNextMessages("a", "b", "c", "d", "a");
    recorder.assertExhausted();
    assertEquals(1, sub.stats().duplicatesDropped());
  }

  @Test
  void asReceivedDeliversEverything() throws Exception {
    start(config().orderingPolicy(OrderingPolicy.asReceived()));
    transport.nextConnection(WAIT).open().messages("2", "1", "1");
    recorder.assertNextMessages("2", "1", "1");
  }

  @Test
  void orderedReordersBySequence() throws Exception {
    start(config().orderingPolicy(OrderingPolicy.ordered(100, WAIT)));
    transport.nextConnection(WAIT).open().messages("1", "3", "4", "2", "3", "5");
    recorder.assertNextMessages("1", "2", "3", "4", "5");
    recorder.assertExhausted();
    assertEquals(1, sub.stats().duplicatesDropped());
  }

  @Test
  void orderedReportsAGapAfterTheTimeoutAndMovesOn() throws Exception {
    start(config().orderingPolicy(OrderingPolicy.ordered(100, Duration.ofMillis(100))));
    transport.nextConnection(WAIT).open().messages("1", "4", "5");
    recorder.assertNextMessages("1");
    Gap gap = recorder.nextGap();
    assertEquals(Gap.Reason.TIMEOUT, gap.reason());
    assertEquals(2, gap.firstMissing().getAsLong());
    assertEquals(3, gap.lastMissing().getAsLong());
    assertEquals("1", gap.lastIdBefore());
    recorder.assertNextMessages("4", "5");
    assertEquals(1, sub.stats().gaps());
  }

  @Test
  void orderedReportsAGapWhenTheBufferIsFull() throws Exception {
    start(config().orderingPolicy(OrderingPolicy.ordered(2, Duration.ofHours(1))));
    transport.nextConnection(WAIT).open().messages("1", "3", "4", "5");
    recorder.assertNextMessages("1");
    Gap gap = recorder.nextGap();
    assertEquals(Gap.Reason.BUFFER_FULL, gap.reason());
    assertEquals(2, gap.firstMissing().getAsLong());
    recorder.assertNextMessages("3", "4", "5");
  }

  @Test
  void serverGapNoticeIsReportedAsHistoryLost() throws Exception {
    start(config().orderingPolicy(OrderingPolicy.ordered(100, Duration.ofHours(1))));
    FakeConnection c = transport.nextConnection(WAIT).open().messages("1");
    c.listener.onFrame(
        Frame.text("{\"type\":\"tidings.gap\",\"data\":{\"firstMissing\":2,\"lastMissing\":9}}"));
    c.messages("10", "11");
    recorder.assertNextMessages("1");
    Gap gap = recorder.nextGap();
    assertEquals(Gap.Reason.HISTORY_LOST, gap.reason());
    assertEquals(9, gap.lastMissing().getAsLong());
    recorder.assertNextMessages("10", "11");
  }

  @Test
  void malformedMessageIsReportedAndTheStreamGoesOn() throws Exception {
    start(config());
    FakeConnection c = transport.nextConnection(WAIT).open().messages("1");
    c.listener.onFrame(Frame.text("{\"id\":\"2\", broken"));
    c.listener.onFrame(Frame.event("3", null, "not json"));
    c.messages("4");
    recorder.assertNextMessages("1");
    assertInstanceOf(DecodeException.class, recorder.nextError());
    DecodeException e = assertInstanceOf(DecodeException.class, recorder.nextError());
    assertTrue(e.getMessage().contains("tidings.format=raw"), e.getMessage());
    recorder.assertNextMessages("4");
  }

  @Test
  void oversizedMessageIsRefused() throws Exception {
    start(config().maxMessageSize(100));
    FakeConnection c = transport.nextConnection(WAIT).open();
    c.message("1", "\"" + "x".repeat(200) + "\"");
    c.message("2");
    MessageTooLargeException e =
        assertInstanceOf(MessageTooLargeException.class, recorder.nextError());
    assertEquals(100, e.limit());
    assertTrue(e.getMessage().contains("tidings.max-message-size"));
    recorder.assertNextMessages("2");
  }

  @Test
  void listenerExceptionsAreLoggedAndDeliveryGoesOn() throws Exception {
    CountDownLatch third = new CountDownLatch(1);
    sub =
        SubscriptionEngine.start(
            config().build(),
            m -> {
              if (m.id().equals("1")) {
                throw new IllegalStateException("listener bug");
              }
              if (m.id().equals("3")) {
                third.countDown();
              }
            },
            transport.registry());
    transport.nextConnection(WAIT).open().messages("1", "2", "3");
    assertTrue(third.await(10, TimeUnit.SECONDS));
  }

  @Test
  void aListenerThatThrowsAnErrorDoesNotStopDelivery() throws Exception {
    CountDownLatch third = new CountDownLatch(1);
    sub =
        SubscriptionEngine.start(
            config().build(),
            m -> {
              if (m.id().equals("1")) {
                throw new StackOverflowError("listener recursed");
              }
              if (m.id().equals("2")) {
                throw new Error("listener bug");
              }
              third.countDown();
            },
            transport.registry());
    transport.nextConnection(WAIT).open().messages("1", "2", "3");
    assertTrue(third.await(10, TimeUnit.SECONDS));
    assertEquals(SubscriptionState.OPEN, sub.state());
  }

  @Test
  void aVirtualMachineErrorFromTheListenerEndsTheSubscription() throws Exception {
    OutOfMemoryError oom = new OutOfMemoryError("listener ran out of memory");
    sub =
        SubscriptionEngine.start(
            config().build(),
            m -> {
              throw oom;
            },
            transport.registry());
    FakeConnection c = transport.nextConnection(WAIT).open().messages("1");
    ExecutionException ended =
        assertThrows(
            ExecutionException.class,
            () -> sub.closed().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertSame(oom, ended.getCause().getCause());
    c.awaitClosed(WAIT); // no connection left behind the dead delivery thread
    assertEquals(SubscriptionState.CLOSED, sub.state());
  }

  @Test
  void errorsFromTheConnectionCountAgainstTheQueueCapacity() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Recorder slow = new HoldingRecorder(release);
    sub =
        SubscriptionEngine.start(
            config().deliveryQueueCapacity(2).build(), slow, transport.registry());
    FakeConnection c = transport.nextConnection(WAIT).open();
    CountDownLatch producerDone = new CountDownLatch(1);
    Thread producer =
        produce(
            () -> {
              for (int i = 0; i < 5; i++) {
                c.listener.onFrame(Frame.text("not json " + i)); // a server flooding bad data
              }
            },
            producerDone);
    // Error 0 is in the listener, 1 and 2 fill the queue: the producer must block on 3.
    awaitCondition(() -> sub.stats().queued() == 2 && producer.getState() == Thread.State.WAITING);
    assertEquals(1, producerDone.getCount());
    release.countDown();
    assertTrue(producerDone.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 5; i++) {
      assertInstanceOf(DecodeException.class, slow.nextError());
    }
  }

  @Test
  void closeFromACallbackCompletes() throws Exception {
    CompletableFuture<Subscription> self = new CompletableFuture<>();
    CountDownLatch closedCalled = new CountDownLatch(1);
    Recorder closing =
        new Recorder() {
          @Override
          public void onMessage(Message message) {
            super.onMessage(message);
            self.join().close();
          }

          @Override
          public void onClosed(Throwable cause) {
            closedCalled.countDown();
          }
        };
    sub = SubscriptionEngine.start(config().build(), closing, transport.registry());
    self.complete(sub);
    FakeConnection c = transport.nextConnection(WAIT).open().messages("1", "2");
    assertTrue(closedCalled.await(10, TimeUnit.SECONDS));
    sub.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    c.awaitClosed(WAIT);
    assertEquals("1", ((Message) closing.next("message").value()).id());
    closing.assertExhausted(); // message 2 was dropped by close
  }

  @Test
  void closeIsIdempotentAndReleasesEveryThread() throws Exception {
    start(config());
    FakeConnection c = transport.nextConnection(WAIT).open().messages("1");
    recorder.assertNextMessages("1");
    sub.close();
    sub.close();
    c.awaitClosed(WAIT);
    assertNoTidingsThreads();
    assertNull(transport.pollConnection());
  }

  @Test
  void fullQueueStopsTheNetworkThreadUntilTheListenerCatchesUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Recorder slow = new HoldingRecorder(release);
    sub =
        SubscriptionEngine.start(
            config().deliveryQueueCapacity(2).stallTimeout(Duration.ofMillis(500)).build(),
            slow,
            transport.registry());
    FakeConnection c = transport.nextConnection(WAIT).open();
    CountDownLatch producerDone = new CountDownLatch(1);
    Thread producer = produce(() -> c.messages("1", "2", "3", "4", "5"), producerDone);
    // Message 1 is in the listener, 2 and 3 fill the queue: the producer must block on 4.
    awaitCondition(() -> sub.stats().queued() == 2 && producer.getState() == Thread.State.WAITING);
    // Blocked for three stall timeouts: a network paused by the listener is not a stall.
    assertFalse(producerDone.await(1500, TimeUnit.MILLISECONDS), "producer must be blocked");
    assertNull(transport.pollConnection(), "a paused network is not a stall");
    release.countDown();
    assertTrue(producerDone.await(10, TimeUnit.SECONDS));
    for (String id : List.of("1", "2", "3", "4", "5")) {
      assertEquals(id, slow.nextMessage().id());
    }
  }

  @Test
  void subscriptionsShareTheDeliveryPoolInsteadOfAThreadEach() throws Exception {
    List<Subscription> subs = new java.util.ArrayList<>();
    List<Recorder> recorders = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        Recorder r = new Recorder();
        recorders.add(r);
        subs.add(
            SubscriptionEngine.start(config().name("many-" + i).build(), r, transport.registry()));
        transport.nextConnection(WAIT).open().messages(String.valueOf(i));
      }
      for (int i = 0; i < 40; i++) {
        recorders.get(i).assertNextMessages(String.valueOf(i));
      }
      int pool = DeliveryPool.defaultSize();
      List<String> threads = tidingsThreads();
      // The delivery pool's threads and the timer: none per subscription.
      assertTrue(threads.size() <= pool + 1, () -> "threads: " + threads);
    } finally {
      subs.forEach(Subscription::close);
    }
    assertNoTidingsThreads();
  }

  @Test
  void aBlockingListenerStallsNoOtherSubscriptionWhileThePoolHasThreadsLeft() throws Exception {
    int pool = DeliveryPool.defaultSize();
    CountDownLatch release = new CountDownLatch(1);
    List<Subscription> subs = new java.util.ArrayList<>();
    try {
      List<HoldingRecorder> blocked = new java.util.ArrayList<>();
      for (int i = 0; i < pool - 1; i++) {
        HoldingRecorder h = new HoldingRecorder(release);
        blocked.add(h);
        subs.add(
            SubscriptionEngine.start(
                config().name("blocked-" + i).build(), h, transport.registry()));
        transport.nextConnection(WAIT).open().messages("1", "2");
      }
      for (HoldingRecorder h : blocked) {
        assertTrue(h.entered.await(10, TimeUnit.SECONDS), "listener not called");
      }
      // pool - 1 threads are held by listeners that do not return; one is left for the rest.
      start(config().name("free"));
      transport.nextConnection(WAIT).open().messages("1", "2", "3");
      recorder.assertNextMessages("1", "2", "3");
      release.countDown();
      for (HoldingRecorder h : blocked) {
        assertEquals("1", h.nextMessage().id());
        assertEquals("2", h.nextMessage().id());
      }
    } finally {
      release.countDown();
      subs.forEach(Subscription::close);
    }
  }

  @Test
  void sendFailsClearlyWhenNotOpenOrUnsupported() throws Exception {
    start(config());
    FakeConnection c = transport.nextConnection(WAIT);
    assertFailure(sub.send("early"), FailureKind.NOT_OPEN);
    c.open();
    assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
    sub.send("hello").toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of("hello"), c.sent);
    sub.close();

    FakeTransport receiveOnly = new FakeTransport("poll", Set.of());
    sub =
        SubscriptionEngine.start(
            config().transport("poll").build(), recorder, receiveOnly.registry());
    receiveOnly.nextConnection(WAIT).open();
    assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
    TidingsException e = assertFailure(sub.send("x"), FailureKind.UNSUPPORTED);
    assertTrue(e.getMessage().contains("websocket"), e.getMessage());
  }

  @Test
  void unknownTransportNamesTheOnesFound() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                SubscriptionEngine.start(
                    config().transport("carrier-pigeon").build(), recorder, transport.registry()));
    assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
    assertTrue(e.getMessage().contains("(found: fake)"), e.getMessage());
  }

  @Test
  void twoTransportsWithOneNameFailLoudly() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> new TransportRegistry(List.of(new FakeTransport(), new FakeTransport())));
    assertTrue(e.getMessage().contains("Two transports are named 'fake'"), e.getMessage());
  }

  @Test
  void aGivenExecutorRunsDeliveryAndIo() throws Exception {
    java.util.concurrent.ExecutorService pool = TestExecutors.create();
    try {
      sub =
          SubscriptionEngine.start(
              config().build(),
              recorder,
              transport.registry(),
              TidingsClient.builder().executor(pool).build());
      FakeConnection c = transport.nextConnection(WAIT);
      CountDownLatch ran = new CountDownLatch(1);
      transport.lastContext.executor().execute(ran::countDown);
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      c.open().messages("1");
      Recorder.Event e = recorder.next("message");
      assertTrue(TestExecutors.isTheirs(e.thread()), "delivered on " + e.thread());
      sub.close();
      assertNoTidingsThreads();
    } finally {
      pool.shutdownNow();
    }
  }

  private static TidingsException assertFailure(
      java.util.concurrent.CompletionStage<Void> stage, FailureKind kind) throws Exception {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      TidingsException t = assertInstanceOf(TidingsException.class, e.getCause());
      assertEquals(kind, t.kind());
      return t;
    } catch (TimeoutException e) {
      throw new AssertionError("send did not complete", e);
    }
    throw new AssertionError("send should have failed with " + kind);
  }

  /**
   * Every Tidings thread has ended: close() returns only after the threads it waited for (reader
   * tasks, delivery pool, timer) are no longer alive, so one look suffices.
   */
  static void assertNoTidingsThreads() {
    assertTrue(tidingsThreads().isEmpty(), () -> "threads left: " + tidingsThreads());
  }

  static List<String> tidingsThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("tidings-"))
        .toList();
  }

  /** Runs {@code work} on a thread of its own, as a transport's reader would; then counts down. */
  private static Thread produce(Runnable work, CountDownLatch done) {
    Thread t =
        new Thread(
            () -> {
              work.run();
              done.countDown();
            },
            "test-producer");
    t.start();
    return t;
  }

  /** A slow listener: each message and error callback waits until {@code release} opens. */
  private static final class HoldingRecorder extends Recorder {
    private final CountDownLatch release;
    final CountDownLatch entered = new CountDownLatch(1);

    HoldingRecorder(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public void onMessage(Message message) {
      hold();
      super.onMessage(message);
    }

    @Override
    public void onError(TidingsException error) {
      hold();
      super.onError(error);
    }

    private void hold() {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits until {@code condition} holds, failing after {@link #WAIT}. */
  static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      awaitElapsed(System.nanoTime(), Duration.ofMillis(1));
    }
  }

  /** Waits until {@code duration} has passed since {@code startNanos}: time is the outcome here. */
  static void awaitElapsed(long startNanos, Duration duration) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    long left;
    while ((left = startNanos + duration.toNanos() - System.nanoTime()) > 0) {
      never.await(left, TimeUnit.NANOSECONDS);
    }
  }
}
