package io.tidings.longpoll;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.FailureKind;
import io.tidings.HttpStatusException;
import io.tidings.MessageFormat;
import io.tidings.MessageTooLargeException;
import io.tidings.SubscriptionConfig;
import io.tidings.polling.internal.HttpPoller;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.TimedDispatcher;
import io.tidings.testkit.Await;
import io.tidings.testkit.junit.ConnectionHarness;
import io.tidings.testkit.junit.ConnectionHarness.Event;
import io.tidings.testkit.junit.ConnectionHarness.Kind;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Long polling, and the polling behaviour both polling transports share (HttpPoller). */
class LongPollTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BATCH =
      "{\"messages\":[{\"id\":\"6\",\"type\":\"tick\",\"data\":{\"n\":6}},"
          + "{\"id\":\"7\",\"type\":\"tick\",\"data\":{\"n\":7}}]}";

  private final MockWebServer server = new MockWebServer();
  private ConnectionHarness harness;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  private ConnectionHarness connect(SubscriptionConfig.Builder config, Cursor cursor) {
    harness =
        new ConnectionHarness(
            new LongPollTransportProvider(),
            config.url(server.url("/events").uri()).transport("longpoll").build());
    harness.connect(cursor);
    return harness;
  }

  private ConnectionHarness connect(Cursor cursor) {
    return connect(SubscriptionConfig.builder(), cursor);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request within " + WAIT);
    }
    return r;
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse held() {
    return new MockResponse.Builder().headersDelay(1, TimeUnit.MINUTES).code(204).build();
  }

  @Test
  void isFoundWithServiceLoaderAndIsReceiveOnly() {
    LongPollTransportProvider p =
        ServiceLoader.load(io.tidings.spi.TransportProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(LongPollTransportProvider.class::isInstance)
            .map(LongPollTransportProvider.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals("longpoll", p.name());
    assertTrue(p.capabilities().isEmpty());
    SubscriptionConfig c =
        SubscriptionConfig.builder()
            .url("http://x/")
            .option(LongPollTransportProvider.WAIT, Duration.ofSeconds(30))
            .build();
    assertEquals(Duration.ofSeconds(45), p.quietPeriod(c));
  }

  @Test
  void quietPeriodAlsoCoversThePauseAfterAnEarlyEmptyAnswer() {
    SubscriptionConfig c =
        SubscriptionConfig.builder()
            .url("http://x/")
            .option(LongPollTransportProvider.WAIT, Duration.ofSeconds(2))
            .option(LongPollTransportProvider.MIN_INTERVAL, Duration.ofSeconds(20))
            .build();
    assertEquals(
        Duration.ofSeconds(20).plus(LongPollTransportProvider.MIN_MARGIN),
        new LongPollTransportProvider().quietPeriod(c));
  }

  @Test
  void cursorWaitAndConditionalHeadersRoundTrip() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("ETag", "\"7\"")
            .setHeader("Last-Modified", "Sat, 28 Nov 2026 10:00:00 GMT")
            .body(BATCH)
            .build());
    server.enqueue(held());
    // An answer with messages is followed by the next poll at once: an hour's pause would fail.
    connect(
        SubscriptionConfig.builder()
            .option(LongPollTransportProvider.MIN_INTERVAL, Duration.ofHours(1)),
        Cursor.of("5"));

    RecordedRequest first = take();
    HttpUrl url = first.getUrl();
    assertEquals("5", url.queryParameter("lastEventId"));
    assertEquals("0", url.queryParameter("wait"), "the first poll asks for an answer at once");
    assertEquals("application/json", first.getHeaders().get("Accept"));
    assertNull(first.getHeaders().get("If-None-Match"));

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    assertEquals("6", harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());
    assertEquals("7", harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());

    RecordedRequest second = take(); // sent at once after the answer
    assertEquals("7", second.getUrl().queryParameter("lastEventId"));
    assertEquals("30", second.getUrl().queryParameter("wait"));
    assertEquals("\"7\"", second.getHeaders().get("If-None-Match"));
    assertEquals("Sat, 28 Nov 2026 10:00:00 GMT", second.getHeaders().get("If-Modified-Since"));
    assertEquals(2, harness.requests());
    assertTrue(harness.bytes() >= BATCH.length());
  }

  @Test
  void waitAndCursorParameterNamesAreConfigurable() throws Exception {
    server.enqueue(code(204)); // the first poll, answered at once
    server.enqueue(held());
    connect(
        SubscriptionConfig.builder()
            .cursorParam("after")
            .option(LongPollTransportProvider.WAIT_PARAM, "timeout")
            .option(LongPollTransportProvider.WAIT, Duration.ofSeconds(5)),
        Cursor.of("9"));
    assertEquals("0", take().getUrl().queryParameter("timeout"));
    HttpUrl url = take().getUrl();
    assertEquals("9", url.queryParameter("after"));
    assertEquals("5", url.queryParameter("timeout"));
  }

  @Test
  void notModifiedNoContentAndEmptyBatchesMeanNothingNew() throws Exception {
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    server.enqueue(json("[]"));
    server.enqueue(json("{\"messages\":[],\"more\":true}"));
    server.enqueue(held());
    // Each answer comes back at once, so a pause of min-interval follows each: keep it short.
    connect(
        SubscriptionConfig.builder()
            .option(LongPollTransportProvider.MIN_INTERVAL, Duration.ofMillis(10)),
        Cursor.none());
    for (int i = 0; i < 5; i++) {
      take();
    }
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    assertEquals(4, harness.emptyResponses());
    assertTrue(harness.drain().stream().noneMatch(e -> e.kind() == Kind.FRAME));
  }

  /** Empty answers that a server which does not hold polls (a REST endpoint, a proxy) gives. */
  static Stream<Arguments> emptyAnswers() {
    return Stream.of(
        Arguments.of("204", (Supplier<MockResponse>) () -> code(204)),
        Arguments.of("304", (Supplier<MockResponse>) () -> code(304)),
        Arguments.of("[]", (Supplier<MockResponse>) () -> json("[]")),
        Arguments.of(
            "more with no messages",
            (Supplier<MockResponse>) () -> json("{\"messages\":[],\"more\":true}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emptyAnswers")
  void aServerThatAnswersEmptyAtOnceIsPolledAtMostOncePerMinInterval(
      String name, Supplier<MockResponse> empty) throws Exception {
    Duration minInterval = Duration.ofMillis(500);
    TimedDispatcher dispatcher = new TimedDispatcher(n -> empty.get());
    server.setDispatcher(dispatcher);
    connect(
        SubscriptionConfig.builder().option(LongPollTransportProvider.MIN_INTERVAL, minInterval),
        Cursor.none());
    int polls = 5;
    Await.until(() -> dispatcher.count() >= polls, WAIT, polls + " polls");
    // Lower bounds only: each poll follows the previous answer, read after it was dispatched, by
    // at least the pause. A storm would send them within milliseconds. Poll 0 asked for an
    // answer at once (wait=0), so poll 1 follows it at once.
    for (int i = 2; i < polls; i++) {
      Duration gap = dispatcher.between(i - 1, i);
      assertTrue(gap.compareTo(minInterval) >= 0, "poll " + i + " came " + gap + " after");
    }
    assertTrue(
        dispatcher.between(1, polls - 1).compareTo(minInterval.multipliedBy(polls - 2)) >= 0);
    assertTrue(harness.drain().stream().noneMatch(e -> e.kind() == Kind.CLOSED));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "[{\"id\":\"7\",\"data\":7}]",
        "{\"messages\":[{\"id\":\"7\",\"data\":7}],\"more\":true}"
      })
  void aServerThatRepeatsTheCursorAtOnceIsPolledAtMostOncePerMinInterval(String repeat)
      throws Exception {
    // A server that ignores the cursor: every answer, at once, is the message the cursor names.
    Duration minInterval = Duration.ofMillis(500);
    TimedDispatcher dispatcher = new TimedDispatcher(n -> json(repeat));
    server.setDispatcher(dispatcher);
    connect(
        SubscriptionConfig.builder().option(LongPollTransportProvider.MIN_INTERVAL, minInterval),
        Cursor.of("7"));
    int polls = 4;
    Await.until(() -> dispatcher.count() >= polls, WAIT, polls + " polls");
    for (int i = 2; i < polls; i++) { // poll 0 asked for an answer at once (wait=0)
      Duration gap = dispatcher.between(i - 1, i);
      assertTrue(gap.compareTo(minInterval) >= 0, "poll " + i + " came " + gap + " after");
    }
    // The repeats still reach core, which drops them as duplicates.
    assertEquals("7", harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());
  }

  @Test
  void anEmptyAnswerHeldForTheWaitIsFollowedByTheNextPollAtOnce() throws Exception {
    // wait=1: an empty answer held for at least half a second was held, not refused.
    long holdMillis = 600;
    server.enqueue(code(204)); // the first poll, wait=0, answered at once
    server.enqueue(
        new MockResponse.Builder().headersDelay(holdMillis, MILLISECONDS).code(204).build());
    server.enqueue(
        new MockResponse.Builder().headersDelay(holdMillis, MILLISECONDS).code(304).build());
    server.enqueue(held());
    connect(
        SubscriptionConfig.builder()
            .option(LongPollTransportProvider.WAIT, Duration.ofSeconds(1))
            .option(
                LongPollTransportProvider.MIN_INTERVAL,
                Duration.ofHours(1)), // any pause would fail the test
        Cursor.none());
    assertEquals("0", take().getUrl().queryParameter("wait"));
    for (int i = 0; i < 3; i++) {
      assertEquals("1", take().getUrl().queryParameter("wait"));
    }
    assertEquals(3, harness.emptyResponses()); // the first poll's answer, then the two held
  }

  @Test
  void messagesThatComeAtOnceAreFollowedByTheNextPollAtOnce() throws Exception {
    TimedDispatcher dispatcher =
        new TimedDispatcher(
            n -> n < 5 ? json("[{\"id\":\"" + n + "\",\"data\":" + n + "}]") : held());
    server.setDispatcher(dispatcher);
    connect(
        SubscriptionConfig.builder()
            .option(LongPollTransportProvider.MIN_INTERVAL, Duration.ofHours(1)),
        Cursor.none());
    Await.until(() -> dispatcher.count() >= 6, WAIT, "six polls without a pause");
    for (int i = 0; i < 5; i++) {
      assertEquals(
          Integer.toString(i), harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());
    }
  }

  @Test
  void rawFormatPacesAnswersThatCarryNoNewValidator() throws Exception {
    // A plain REST resource that ignores the wait and If-None-Match: the same ETag, at once.
    Duration minInterval = Duration.ofMillis(400);
    TimedDispatcher dispatcher =
        new TimedDispatcher(
            n ->
                n % 2 == 0
                    ? new MockResponse.Builder().setHeader("ETag", "\"v1\"").body("doc").build()
                    : new MockResponse.Builder().body("no validator").build());
    server.setDispatcher(dispatcher);
    connect(
        SubscriptionConfig.builder()
            .format(MessageFormat.RAW)
            .option(LongPollTransportProvider.MIN_INTERVAL, minInterval),
        Cursor.of("\"v1\""));
    Await.until(() -> dispatcher.count() >= 5, WAIT, "five polls");
    for (int i = 2; i < 5; i++) { // poll 0 asked for an answer at once (wait=0)
      assertTrue(dispatcher.between(i - 1, i).compareTo(minInterval) >= 0, "poll " + i);
    }
    Frame first = harness.next(Kind.FRAME, WAIT).frame();
    assertEquals("\"v1\"", first.id()); // delivered all the same; core drops the duplicate id
    assertNull(harness.next(Kind.FRAME, WAIT).frame().id());
  }

  @Test
  void anArrayBatchAdvancesTheCursorToItsLastId() throws Exception {
    server.enqueue(json("[{\"id\":\"1\",\"data\":1},{\"id\":\"2\",\"data\":2}]"));
    server.enqueue(held());
    connect(Cursor.none());
    assertNull(take().getUrl().queryParameter("lastEventId"));
    assertEquals("2", take().getUrl().queryParameter("lastEventId"));
    assertEquals(2, harness.drain().stream().filter(e -> e.kind() == Kind.FRAME).count());
  }

  @Test
  void aBatchCursorIsSentNext() throws Exception {
    server.enqueue(json("{\"messages\":[{\"id\":\"1\",\"data\":1}],\"cursor\":\"opaque-42\"}"));
    server.enqueue(held());
    connect(Cursor.none());
    take();
    assertEquals("opaque-42", take().getUrl().queryParameter("lastEventId"));
  }

  @Test
  void retryAfterInSecondsSurfacesWithTheStatus() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7").build());
    connect(Cursor.none());
    Event closed = harness.next(Kind.CLOSED, WAIT);
    HttpStatusException e = assertInstanceOf(HttpStatusException.class, closed.error());
    assertEquals(503, e.statusCode());
    assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
  }

  @Test
  void retryAfterAsAnHttpDateSurfacesWithTheStatus() throws Exception {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", date).build());
    connect(Cursor.none());
    HttpStatusException e =
        assertInstanceOf(HttpStatusException.class, harness.next(Kind.CLOSED, WAIT).error());
    assertEquals(429, e.statusCode());
    Duration d = e.retryAfter().orElseThrow();
    assertTrue(
        d.compareTo(Duration.ofSeconds(100)) > 0 && d.compareTo(Duration.ofSeconds(121)) <= 0,
        d.toString());
  }

  @Test
  void malformedJsonEndsTheConnectionWithADecodeError() throws Exception {
    server.enqueue(json("{\"messages\": [ {broken"));
    connect(Cursor.none());
    Event closed = harness.next(Kind.CLOSED, WAIT);
    DecodeException e = assertInstanceOf(DecodeException.class, closed.error());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    assertEquals(1, server.getRequestCount(), "a broken body is not polled again at once");
  }

  @Test
  void aBodyThatIsNotABatchIsADecodeError() throws Exception {
    server.enqueue(json("{\"messages\": 5}"));
    connect(Cursor.none());
    assertInstanceOf(DecodeException.class, harness.next(Kind.CLOSED, WAIT).error());
  }

  @Test
  void eachEnvelopeCarriesItsSizeOnTheWireSoCoreCanRefuseAnOversizedOne() throws Exception {
    String big = "{\"id\":\"2\",\"data\":\"" + "x".repeat(5000) + "\"}";
    server.enqueue(json("[{\"id\":\"1\",\"data\":1}," + big + ",{\"id\":\"3\",\"data\":3}]"));
    server.enqueue(held());
    connect(SubscriptionConfig.builder().maxMessageSize(1000), Cursor.none());
    assertTrue(harness.next(Kind.FRAME, WAIT).frame().size() < 1000);
    assertEquals(big.length(), harness.next(Kind.FRAME, WAIT).frame().size());
    assertTrue(harness.next(Kind.FRAME, WAIT).frame().size() < 1000);
    // The batch was read whole: the next poll resumes after the oversized message.
    take();
    assertEquals("3", take().getUrl().queryParameter("lastEventId"));
  }

  @ParameterizedTest(name = "max-message-size {0}")
  @ValueSource(longs = {1000, SubscriptionConfig.DEFAULT_MAX_MESSAGE_SIZE, 100L << 20})
  void aBodyDeclaredOverThePollBodyLimitIsRefusedUnread(long maxMessageSize) throws Exception {
    long limit = HttpPoller.bodyLimit(maxMessageSize);
    // The server declares one byte over the limit and sends nothing: a client that tried to read
    // the body would wait for it and time out instead of refusing it.
    server.enqueue(new MockResponse.Builder().body(new Body(limit + 1, 0)).build());
    connect(SubscriptionConfig.builder().maxMessageSize(maxMessageSize), Cursor.none());
    MessageTooLargeException e =
        assertInstanceOf(MessageTooLargeException.class, harness.next(Kind.CLOSED, WAIT).error());
    assertTrue(e.getMessage().contains("of " + (limit + 1) + " bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("poll body limit of " + limit), e.getMessage());
    assertTrue(e.getMessage().contains("not read"), e.getMessage());
    assertEquals(0, harness.bytes());
  }

  @Test
  void aBodyWithoutALengthIsReadOnlyUpToThePollBodyLimit() throws Exception {
    long limit = HttpPoller.bodyLimit(SubscriptionConfig.DEFAULT_MAX_MESSAGE_SIZE);
    Body body = new Body(-1, limit + 1024 * 1024); // chunked, streamed from a small buffer
    server.enqueue(
        new MockResponse.Builder()
            .body(body)
            .removeHeader("Content-Length")
            .setHeader("Transfer-Encoding", "chunked")
            .build());
    connect(Cursor.none());
    MessageTooLargeException e =
        assertInstanceOf(
            MessageTooLargeException.class,
            harness.next(Kind.CLOSED, Duration.ofSeconds(60)).error());
    assertTrue(e.getMessage().contains("exceeds the poll body limit of " + limit), e.getMessage());
    assertTrue(e.getMessage().contains("read no further"), e.getMessage());
    // Streamed: what was read is counted, and reading stopped one byte past the limit.
    assertEquals(limit + 1, harness.bytes(), "read one byte past the limit, no further");
    assertEquals(1, server.getRequestCount(), "an oversized body is not polled again at once");
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutAfterTheWaitAndAMargin() throws Exception {
    server.enqueue(held());
    connect(
        SubscriptionConfig.builder().option(LongPollTransportProvider.WAIT, Duration.ofSeconds(1)),
        Cursor.none());
    long start = System.nanoTime();
    Event closed = harness.next(Kind.CLOSED, Duration.ofSeconds(30));
    assertEquals(FailureKind.TIMEOUT, closed.error().kind());
    assertTrue(System.nanoTime() - start >= Duration.ofSeconds(3).toNanos() - 50_000_000L);
  }

  @Test
  void aBodyThatTricklesInIsATimeout() throws Exception {
    server.enqueue(
        new MockResponse.Builder().body(BATCH).throttleBody(1, 1, TimeUnit.SECONDS).build());
    // Every byte comes within the read timeout, but the poll as a whole exceeds the stall timeout.
    connect(
        SubscriptionConfig.builder()
            .option(LongPollTransportProvider.WAIT, Duration.ofSeconds(1))
            .stallTimeout(Duration.ofSeconds(3)),
        Cursor.none());
    assertEquals(
        FailureKind.TIMEOUT, harness.next(Kind.CLOSED, Duration.ofSeconds(30)).error().kind());
  }

  @Test
  void closeCancelsAHeldPollAtOnceAndReportsNothing() throws Exception {
    server.enqueue(held());
    connect(Cursor.none());
    take();
    harness.close();
    // The poll is held for a minute: the thread ends long before only if close cancelled it.
    Await.until(() -> !harnessThreadsAlive(), Duration.ofSeconds(30), "the polling thread to end");
    assertTrue(harness.drain().stream().noneMatch(e -> e.kind() == Kind.CLOSED));
  }

  @Test
  void framesAreEnvelopesForCoreToDecode() throws Exception {
    server.enqueue(json("[{\"id\":\"1\",\"type\":\"t\",\"data\":\"x\"}, 5]"));
    server.enqueue(held());
    connect(Cursor.none());
    Frame first = harness.next(Kind.FRAME, WAIT).frame();
    assertEquals(Frame.Kind.ENVELOPE, first.kind());
    Frame second = harness.next(Kind.FRAME, WAIT).frame();
    assertEquals(5, second.node().asInt()); // not an envelope: core reports it, the batch goes on
  }

  private static MockResponse code(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  /**
   * A body of {@code size} zero bytes ({@code [0,0,...}), written in chunked encoding from one
   * small buffer, declaring {@code declared} as its length (-1 for none).
   */
  private static final class Body implements MockResponseBody {
    private static final int CHUNK = 64 * 1024;
    private final long declared;
    private final long size;

    Body(long declared, long size) {
      this.declared = declared;
      this.size = size;
    }

    @Override
    public long getContentLength() {
      return declared;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      if (size == 0) {
        return;
      }
      byte[] chunk = new byte[CHUNK];
      java.util.Arrays.fill(chunk, (byte) ' '); // JSON whitespace: a streaming parser reads on
      chunk[0] = '[';
      for (long written = 0; written < size; written += CHUNK) {
        sink.writeUtf8(Integer.toHexString(CHUNK)).writeUtf8("\r\n");
        sink.write(chunk).writeUtf8("\r\n");
        chunk[0] = ' ';
      }
      sink.writeUtf8("0\r\n");
    }
  }

  private static boolean harnessThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("harness-io-"));
  }
}
