package io.tidings.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.FailureKind;
import io.tidings.HttpStatusException;
import io.tidings.MessageTooLargeException;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.testkit.ConnectionHarness;
import io.tidings.testkit.ConnectionHarness.Event;
import io.tidings.testkit.ConnectionHarness.Kind;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
        SubscriptionConfig.builder().url("http://x/").longPollWait(Duration.ofSeconds(30)).build();
    assertEquals(Duration.ofSeconds(45), p.quietPeriod(c));
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
    connect(Cursor.of("5"));

    RecordedRequest first = take();
    HttpUrl url = first.getUrl();
    assertEquals("5", url.queryParameter("lastEventId"));
    assertEquals("30", url.queryParameter("wait"));
    assertEquals("application/json", first.getHeaders().get("Accept"));
    assertNull(first.getHeaders().get("If-None-Match"));

    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    assertEquals("6", harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());
    assertEquals("7", harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());

    RecordedRequest second = take(); // sent at once after the answer
    assertEquals("7", second.getUrl().queryParameter("lastEventId"));
    assertEquals("\"7\"", second.getHeaders().get("If-None-Match"));
    assertEquals("Sat, 28 Nov 2026 10:00:00 GMT", second.getHeaders().get("If-Modified-Since"));
    assertEquals(2, harness.requests());
    assertTrue(harness.bytes() >= BATCH.length());
  }

  @Test
  void waitAndCursorParameterNamesAreConfigurable() throws Exception {
    server.enqueue(held());
    connect(
        SubscriptionConfig.builder()
            .cursorParam("after")
            .longPollWaitParam("timeout")
            .longPollWait(Duration.ofSeconds(5)),
        Cursor.of("9"));
    HttpUrl url = take().getUrl();
    assertEquals("9", url.queryParameter("after"));
    assertEquals("5", url.queryParameter("timeout"));
  }

  @Test
  void notModifiedAndNoContentMeanNothingNew() throws Exception {
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    server.enqueue(json("[]"));
    server.enqueue(held());
    connect(Cursor.none());
    for (int i = 0; i < 4; i++) {
      take();
    }
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    assertEquals(3, harness.emptyResponses());
    assertTrue(harness.drain().stream().noneMatch(e -> e.kind() == Kind.FRAME));
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

  @Test
  void aBodyOverThePollBodyLimitIsRefusedUnread() throws Exception {
    assertEquals(64L * 1024 * 1024, HttpPollerLimits.bodyLimit(1000));
    assertEquals(4L * 100 * 1024 * 1024, HttpPollerLimits.bodyLimit(100L * 1024 * 1024));
    server.enqueue(
        new MockResponse.Builder()
            .chunkedBody("[" + "1,".repeat(40 * 1024 * 1024) + "1]", 1024 * 1024)
            .build());
    connect(SubscriptionConfig.builder().maxMessageSize(1000), Cursor.none());
    MessageTooLargeException e =
        assertInstanceOf(
            MessageTooLargeException.class,
            harness.next(Kind.CLOSED, Duration.ofSeconds(60)).error());
    assertTrue(e.getMessage().contains("poll body limit"), e.getMessage());
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutAfterTheWaitAndAMargin() throws Exception {
    server.enqueue(held());
    connect(SubscriptionConfig.builder().longPollWait(Duration.ofSeconds(1)), Cursor.none());
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
            .longPollWait(Duration.ofSeconds(1))
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
    long start = System.nanoTime();
    harness.close();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (harnessThreadsAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(!harnessThreadsAlive(), "the polling thread must end");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
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

  private static boolean harnessThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("harness-io-"));
  }
}
