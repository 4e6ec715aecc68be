package io.tidings.shortpoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.MessageFormat;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.testkit.ConnectionHarness;
import io.tidings.testkit.ConnectionHarness.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
    harness =
        new ConnectionHarness(
            new ShortPollTransportProvider(),
            config.url(server.url("/feed").uri()).transport("shortpoll").build());
    harness.connect(cursor);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request within " + WAIT);
    }
    return r;
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().body(body).build();
  }

  @Test
  void waitsAtLeastTheIntervalBetweenPollsAndSendsNoWait() throws Exception {
    Duration interval = Duration.ofMillis(300);
    for (int i = 0; i < 3; i++) {
      server.enqueue(json("[]"));
    }
    connect(
        SubscriptionConfig.builder().shortPollInterval(interval).shortPollJitter(0),
        Cursor.of("4"));
    RecordedRequest first = take();
    long firstAt = System.nanoTime();
    assertEquals("4", first.getUrl().queryParameter("lastEventId"));
    assertNull(first.getUrl().queryParameter("wait"), "a short poll must answer at once");
    take();
    assertTrue(System.nanoTime() - firstAt >= interval.toNanos() - 20_000_000L);
    assertEquals(Kind.OPEN, harness.next(WAIT).kind());
  }

  @Test
  void neverHasTwoPollsInFlight() throws Exception {
    server.enqueue(
        new MockResponse.Builder().headersDelay(500, TimeUnit.MILLISECONDS).body("[]").build());
    server.enqueue(json("[]"));
    connect(SubscriptionConfig.builder().shortPollInterval(Duration.ofMillis(1)), Cursor.none());
    take();
    long firstAt = System.nanoTime();
    take();
    assertTrue(
        System.nanoTime() - firstAt >= Duration.ofMillis(480).toNanos(),
        "the second poll must wait for the first answer");
  }

  @Test
  void drainsAtOnceWhileTheServerHasMore() throws Exception {
    server.enqueue(json("{\"messages\":[{\"id\":\"1\",\"data\":1}],\"more\":true}"));
    server.enqueue(json("{\"messages\":[{\"id\":\"2\",\"data\":2}],\"more\":false}"));
    connect(SubscriptionConfig.builder().shortPollInterval(Duration.ofHours(1)), Cursor.none());
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
    connect(SubscriptionConfig.builder().shortPollInterval(Duration.ofMillis(10)), Cursor.none());
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
            .shortPollInterval(Duration.ofMillis(10)),
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
  void rawFormatResumesFromTheLastETag() throws Exception {
    server.enqueue(new MockResponse.Builder().code(304).build());
    connect(SubscriptionConfig.builder().format(MessageFormat.RAW), Cursor.of("\"v7\""));
    assertEquals("\"v7\"", take().getHeaders().get("If-None-Match"));
  }

  @Test
  void quietPeriodCoversTheLongestJitteredInterval() {
    SubscriptionConfig c =
        SubscriptionConfig.builder()
            .url("http://x/")
            .shortPollAdaptive(Duration.ofSeconds(1), Duration.ofSeconds(60))
            .shortPollJitter(0.5)
            .build();
    assertEquals(Duration.ofSeconds(100), new ShortPollTransportProvider().quietPeriod(c));
  }
}
