package io.tidings.shortpoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.FailureKind;
import io.tidings.MessageFormat;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.polling.internal.HttpPoller;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.TimedDispatcher;
import io.tidings.spi.TransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.junit.ConnectionHarness;
import io.tidings.testkit.junit.ConnectionHarness.Kind;
import io.tidings.testkit.junit.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShortPollTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

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

  private void connect(SubscriptionConfig.Builder config, Cursor cursor) {
    connect(new ShortPollTransportProvider(), config, cursor);
  }

  private void connect(
      TransportProvider provider, SubscriptionConfig.Builder config, Cursor cursor) {
    harness = new ConnectionHarness(provider, config(config).build());
    harness.connect(cursor);
  }

  private SubscriptionConfig.Builder config(SubscriptionConfig.Builder config) {
    return config.url(server.url("/feed").uri()).transport("shortpoll");
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request within " + WAIT);
    }
    return r;
  }

  private static final String DATE = "Sat, 28 Nov 2026 10:00:00 GMT";

  private static MockResponse json(String body) {
    return new MockResponse.Builder().body(body).build();
  }

  @Test
  void waitsAtLeastTheJitteredIntervalBetweenPollsAndSendsNoWait() throws Exception {
    Duration interval = Duration.ofMillis(300);
    double jitter = 0.2;
    TimedDispatcher dispatcher = new TimedDispatcher(n -> json("[]"));
    server.setDispatcher(dispatcher);
    connect(
        SubscriptionConfig.builder()
            .option(ShortPollTransportProvider.INTERVAL, interval)
            .option(ShortPollTransportProvider.JITTER, jitter),
        Cursor.of("4"));
    RecordedRequest first = take();
    assertEquals("4", first.getUrl().queryParameter("lastEventId"));
    assertNull(first.getUrl().queryParameter("wait"), "a short poll must answer at once");
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
    int polls = 4;
    Await.until(() -> dispatcher.count() >= polls, WAIT, polls + " polls");
    // Server-side arrival times: each poll is sent at least the jittered interval after the
    // previous answer was read, which was after that request arrived. (1 µs for rounding.)
    Duration shortest = Duration.ofNanos((long) (interval.toNanos() * (1 - jitter)) - 1_000);
    for (int i = 1; i < polls; i++) {
      Duration gap = dispatcher.between(i - 1, i);
      assertTrue(gap.compareTo(shortest) >= 0, "poll " + i + " came " + gap + " after");
    }
  }

  @Test
  void neverHasTwoPollsInFlight() throws Exception {
    Duration slow = Duration.ofMillis(500);
    TimedDispatcher dispatcher =
        new TimedDispatcher(
            n ->
                n == 0
                    ? new MockResponse.Builder()
                        .headersDelay(slow.toMillis(), TimeUnit.MILLISECONDS)
                        .body("[]")
                        .build()
                    : json("[]"));
    server.setDispatcher(dispatcher);
    connect(
        SubscriptionConfig.builder()
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(1)),
        Cursor.none());
    Await.until(() -> dispatcher.count() >= 2, WAIT, "the second poll");
    assertTrue(
        dispatcher.between(0, 1).compareTo(slow) >= 0,
        "the second poll must wait for the first answer");
  }

  @Test
  void adaptiveIntervalSpeedsUpWhileDataFlowsAndBacksOffWhileEmpty() throws Exception {
    Duration min = Duration.ofMillis(50);
    Duration max = Duration.ofMillis(400);
    // Four answers with messages, then four empty ones (empty batch, 304, 204, empty batch).
    TimedDispatcher dispatcher =
        new TimedDispatcher(
            n -> {
              if (n < 4) {
                return json("[{\"id\":\"" + n + "\",\"data\":" + n + "}]");
              }
              switch (n) {
                case 5:
                  return new MockResponse.Builder().code(304).build();
                case 6:
                  return new MockResponse.Builder().code(204).build();
                default:
                  return json("[]");
              }
            });
    server.setDispatcher(dispatcher);
    PauseRecorder recorder = new PauseRecorder();
    connect(
        recorder,
        SubscriptionConfig.builder()
            .option(
                ShortPollTransportProvider.INTERVAL,
                Duration.ofSeconds(2)) // the start, clamped to max
            .option(ShortPollTransportProvider.MIN_INTERVAL, min)
            .option(ShortPollTransportProvider.MAX_INTERVAL, max)
            .option(ShortPollTransportProvider.JITTER, 0.0),
        Cursor.none());
    Await.until(() -> recorder.pauses().size() >= 8, WAIT, "eight pauses");
    List<Duration> chosen = recorder.pauses().subList(0, 8);
    assertEquals(
        List.of(200L, 100L, 50L, 50L, 100L, 200L, 400L, 400L),
        chosen.stream().map(Duration::toMillis).collect(Collectors.toList()),
        "halved after each answer with data down to min, doubled after each empty one up to max");
    // And the server saw them: each poll came at least the chosen pause after the previous one.
    Await.until(() -> dispatcher.count() >= 9, WAIT, "nine polls");
    for (int i = 0; i < 8; i++) {
      Duration gap = dispatcher.between(i, i + 1);
      assertTrue(gap.compareTo(chosen.get(i)) >= 0, "poll " + (i + 1) + " came " + gap + " after");
    }
  }

  @Test
  void drainsAtOnceWhileTheServerHasMore() throws Exception {
    server.enqueue(json("{\"messages\":[{\"id\":\"1\",\"data\":1}],\"more\":true}"));
    server.enqueue(json("{\"messages\":[{\"id\":\"2\",\"data\":2}],\"more\":false}"));
    connect(
        SubscriptionConfig.builder()
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofHours(1)),
        Cursor.none());
    take();
    assertEquals("1", take().getUrl().queryParameter("lastEventId")); // an hour would fail this
    assertEquals("1", harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());
    assertEquals("2", harness.next(Kind.FRAME, WAIT).frame().node().get("id").asText());
  }

  @Test
  void countsRequestsAndEmptyResponses() throws Exception {
    server.enqueue(json("[]"));
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(json("[{\"id\":\"1\",\"data\":1}]"));
    connect(
        SubscriptionConfig.builder()
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(10)),
        Cursor.none());
    harness.next(Kind.FRAME, WAIT);
    assertEquals(3, harness.requests());
    assertEquals(2, harness.emptyResponses());
  }

  @Test
  void rawFormatWatchesAResourceByItsETag() throws Exception {
    server.enqueue(new MockResponse.Builder().setHeader("ETag", "\"v1\"").body("hello").build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().setHeader("ETag", "\"v2\"").body("changed").build());
    connect(
        SubscriptionConfig.builder()
            .format(MessageFormat.RAW)
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(10)),
        Cursor.none());
    RecordedRequest first = take();
    assertNull(
        first.getUrl().queryParameter("lastEventId"), "raw mode sends validators, not cursors");
    Frame v1 = harness.next(Kind.FRAME, WAIT).frame();
    assertEquals("\"v1\"", v1.id());
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), v1.bytes());
    assertEquals("\"v1\"", take().getHeaders().get("If-None-Match"));
    assertEquals("\"v1\"", take().getHeaders().get("If-None-Match"));
    assertEquals("\"v2\"", harness.next(Kind.FRAME, WAIT).frame().id());
  }

  @Test
  void reportsEveryValidatorAsAResumeHintAfterHandingTheMessageOver() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("ETag", "\"v1\"")
            .setHeader("Last-Modified", DATE)
            .body("hello")
            .build());
    connect(SubscriptionConfig.builder().format(MessageFormat.RAW), Cursor.none());
    take();
    assertEquals("\"v1\" " + DATE, harness.next(Kind.FRAME, WAIT).frame().id()); // both validators
    Await.until(() -> harness.resumeHints().size() == 2, WAIT, "both validators reported as hints");
    assertEquals(
        Map.of(HttpPoller.HINT_ETAG, "\"v1\"", HttpPoller.HINT_LAST_MODIFIED, DATE),
        harness.resumeHints());
  }

  @Test
  void aNewConnectionSendsEveryValidatorItsCursorCarries() throws Exception {
    // issue 10 defect 2: a new poller sent only If-None-Match, and nchan replayed its oldest
    // message
    server.enqueue(new MockResponse.Builder().code(304).build());
    connect(
        SubscriptionConfig.builder().format(MessageFormat.RAW),
        Cursor.of(
            "\"v7\"", Map.of(HttpPoller.HINT_ETAG, "\"v7\"", HttpPoller.HINT_LAST_MODIFIED, DATE)));
    RecordedRequest r = take();
    assertEquals("\"v7\"", r.getHeaders().get("If-None-Match"));
    assertEquals(DATE, r.getHeaders().get("If-Modified-Since"));
  }

  @Test
  void aNewConnectionPollsFromTheBatchCursorHint() throws Exception {
    server.enqueue(json("{\"messages\":[],\"cursor\":\"c-42\"}"));
    connect(
        SubscriptionConfig.builder(),
        Cursor.of("41", Map.of(HttpPoller.HINT_CURSOR, "c-42", HttpPoller.HINT_ETAG, "\"e\"")));
    RecordedRequest r = take();
    assertEquals("c-42", r.getUrl().queryParameter("lastEventId"));
    assertEquals("\"e\"", r.getHeaders().get("If-None-Match"));
  }

  @Test
  void rawFormatResumesFromTheLastETag() throws Exception {
    server.enqueue(new MockResponse.Builder().code(304).build());
    connect(SubscriptionConfig.builder().format(MessageFormat.RAW), Cursor.of("\"v7\""));
    RecordedRequest r = take();
    assertEquals("\"v7\"", r.getHeaders().get("If-None-Match"));
    assertNull(r.getHeaders().get("If-Modified-Since"));
  }

  @Test
  void rawFormatWatchesAResourceByItsLastModifiedDateWhenItHasNoETag() throws Exception {
    server.enqueue(new MockResponse.Builder().setHeader("Last-Modified", DATE).body("v1").build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    connect(
        SubscriptionConfig.builder()
            .format(MessageFormat.RAW)
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(10)),
        Cursor.none());
    take();
    assertEquals(DATE, harness.next(Kind.FRAME, WAIT).frame().id());
    RecordedRequest second = take();
    assertEquals(DATE, second.getHeaders().get("If-Modified-Since"));
    assertNull(second.getHeaders().get("If-None-Match"));
  }

  @Test
  void rawFormatResumesFromALastModifiedDateInItsOwnHeader() throws Exception {
    server.enqueue(new MockResponse.Builder().code(304).build());
    connect(SubscriptionConfig.builder().format(MessageFormat.RAW), Cursor.of(DATE));
    RecordedRequest r = take();
    assertEquals(DATE, r.getHeaders().get("If-Modified-Since"));
    assertNull(r.getHeaders().get("If-None-Match"), "a date is not an entity tag");
  }

  @Test
  void rawFormatWithoutValidatorsDeliversEveryAnswerWithoutAnIdAndSendsNoCondition()
      throws Exception {
    server.enqueue(new MockResponse.Builder().body("same").build());
    server.enqueue(new MockResponse.Builder().body("same").build());
    connect(
        SubscriptionConfig.builder()
            .format(MessageFormat.RAW)
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(10)),
        Cursor.none());
    take();
    RecordedRequest second = take();
    assertNull(second.getHeaders().get("If-None-Match"));
    assertNull(second.getHeaders().get("If-Modified-Since"));
    assertNull(harness.next(Kind.FRAME, WAIT).frame().id());
    assertNull(harness.next(Kind.FRAME, WAIT).frame().id());
  }

  @Test
  void quietPeriodCoversTheLongestJitteredIntervalAndAMargin() {
    SubscriptionConfig adaptive =
        SubscriptionConfig.builder()
            .url("http://x/")
            .option(ShortPollTransportProvider.MIN_INTERVAL, Duration.ofSeconds(1))
            .option(ShortPollTransportProvider.MAX_INTERVAL, Duration.ofSeconds(60))
            .option(ShortPollTransportProvider.JITTER, 0.5)
            .build();
    // 60 s + 50 % jitter = 90 s, plus a quarter of that.
    assertEquals(
        Duration.ofMillis(112_500), new ShortPollTransportProvider().quietPeriod(adaptive));
    SubscriptionConfig fast =
        SubscriptionConfig.builder()
            .url("http://x/")
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(500))
            .option(ShortPollTransportProvider.JITTER, 0.1)
            .build();
    // 550 ms plus the minimum margin: not a flat 10 s on top.
    assertEquals(
        Duration.ofMillis(550).plus(ShortPollTransportProvider.MIN_QUIET_MARGIN),
        new ShortPollTransportProvider().quietPeriod(fast));
  }

  @Test
  void aShortStallTimeoutDetectsAnUnansweredPollAfterAboutTheInterval() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(1, TimeUnit.MINUTES).body("[]").build());
    // Quiet period 110 ms + 1 s: the stall timeout in force. It used to be raised to ~10 s.
    connect(
        SubscriptionConfig.builder()
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(100))
            .stallTimeout(Duration.ofMillis(200)),
        Cursor.none());
    // Generous: several times the 1.11 s expected, and short of the 10.11 s it used to be.
    ConnectionHarness.Event closed = harness.next(Kind.CLOSED, Duration.ofSeconds(8));
    assertEquals(FailureKind.TIMEOUT, closed.error().kind());
  }

  @Test
  void answeredPollsAreActivitySoAStallTimeoutBelowTheIntervalRaisesNoFalseStall()
      throws Exception {
    TimedDispatcher dispatcher = new TimedDispatcher(n -> json("[]"));
    server.setDispatcher(dispatcher);
    RecordingListener listener = new RecordingListener();
    // The configured stall timeout is shorter than the interval; core raises it to the quiet
    // period (330 ms + 1 s), and every answered poll counts as activity.
    SubscriptionConfig config =
        config(SubscriptionConfig.builder())
            .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(300))
            .stallTimeout(Duration.ofMillis(100))
            .build();
    try (Subscription sub = Tidings.subscribe(config, listener)) {
      int polls = 8;
      Await.until(() -> dispatcher.count() >= polls, WAIT.multipliedBy(2), polls + " polls");
      assertEquals(List.of(), listener.errors());
      assertEquals(0, sub.stats().reconnects(), sub.stats().toString());
      assertEquals(1, sub.stats().connections(), sub.stats().toString());
    }
  }
}
