package io.tidings.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import okio.BufferedSource;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
  private final ReferenceServer server =
      ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(20)).start();

  @AfterEach
  void tearDown() {
    server.close();
    TestClients.release(client);
  }

  private Response get(String url) throws IOException {
    return client.newCall(new Request.Builder().url(url).build()).execute();
  }

  private static List<String> readIds(SseReader sse, int n) throws IOException {
    List<String> ids = new ArrayList<>();
    while (ids.size() < n) {
      ids.add(sse.nextEvent().id());
    }
    return ids;
  }

  @Test
  void statusWithRetryAfterSecondsThenDateThenNormal() throws Exception {
    server.publish(1);
    server.faults().respond(503, 1, Duration.ofMillis(1500));
    try (Response r = get(server.url())) {
      assertEquals(503, r.code());
      assertEquals("2", r.header("Retry-After"));
    }
    Instant when = Instant.now().plusSeconds(60);
    server.faults().respond(429, 1, when);
    try (Response r = get(server.url())) {
      assertEquals(429, r.code());
      Instant parsed =
          ZonedDateTime.parse(r.header("Retry-After"), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant();
      assertTrue(Math.abs(parsed.getEpochSecond() - when.getEpochSecond()) <= 1);
    }
    try (Response r = get(server.url())) {
      assertEquals(200, r.code());
    }
    List<RecordedRequest> log = server.requests();
    assertEquals(List.of(503, 429, 200), log.stream().map(RecordedRequest::status).toList());
    assertTrue(log.get(1).nanoTime() >= log.get(0).nanoTime());
  }

  @Test
  void statusFaultAppliesToSseAndWebSocketToo() throws Exception {
    server.faults().respond(401, Integer.MAX_VALUE);
    try (Response r =
        client
            .newCall(
                new Request.Builder()
                    .url(server.url())
                    .header("Accept", "text/event-stream")
                    .build())
            .execute()) {
      assertEquals(401, r.code());
    }
    BlockingQueue<Object> out = new LinkedBlockingQueue<>();
    client.newWebSocket(
        new Request.Builder().url(server.wsUrl()).build(),
        new WebSocketListener() {
          @Override
          public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            out.add(response == null ? t : (Object) response.code());
          }
        });
    assertEquals(401, out.poll(10, TimeUnit.SECONDS));
    server.faults().clear();
    try (Response r = get(server.url())) {
      assertEquals(204, r.code());
    }
  }

  @Test
  void dropAfterCutsEveryStreamAfterNMessages() throws Exception {
    server.publish(10);
    server.faults().dropAfter(3);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals(List.of("1", "2", "3"), readIds(sse, 3));
      sse.assertCut();
    }
    try (SseReader sse = new SseReader(client, server.url(), "3")) {
      assertEquals(List.of("4", "5", "6"), readIds(sse, 3));
      sse.assertCut();
    }
    server.faults().clear();
    try (SseReader sse = new SseReader(client, server.url(), "6")) {
      assertEquals(List.of("7", "8", "9", "10"), readIds(sse, 4));
    }
    assertEquals(3, server.stats("sse").connections());
  }

  @Test
  void dropAfterCutsAnSseStreamThatIsAlreadyOpen() throws Exception {
    server.publish(2);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals(List.of("1", "2"), readIds(sse, 2));
      server.faults().dropAfter(2); // counts from now for the open stream
      server.publish(3);
      assertEquals(List.of("3", "4"), readIds(sse, 2));
      sse.assertCut();
    }
    assertEquals(1, server.stats("sse").connections());
  }

  @Test
  void dropAfterZeroCutsOpenStreamsAtOnce() throws Exception {
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      Await.until(() -> server.stats("sse").open() == 1, Duration.ofSeconds(10), "SSE open");
      server.faults().dropAfter(0);
      sse.assertCut();
    }
  }

  @Test
  void dropAfterCutsAWebSocketThatIsAlreadyOpen() throws Exception {
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = TestClients.collectFrames(client, server.wsUrl() + "?lastEventId=0", frames);
    try {
      Await.until(
          () -> server.stats("websocket").open() == 1, Duration.ofSeconds(10), "WebSocket open");
      server.faults().dropAfter(1);
      server.publish(3);
      String first = frames.poll(10, TimeUnit.SECONDS);
      assertTrue(first != null && first.contains("\"id\":\"1\""), String.valueOf(first));
      String next = frames.poll(10, TimeUnit.SECONDS);
      while (next != null && next.startsWith("{") && !next.contains("\"id\"")) {
        next = frames.poll(10, TimeUnit.SECONDS); // heartbeats, if any
      }
      assertTrue(next != null && next.startsWith("failure:"), String.valueOf(next));
    } finally {
      ws.cancel();
    }
  }

  @Test
  void dropOnceAfterCutsOnlyTheNextConnection() throws Exception {
    server.publish(4);
    server.faults().dropOnceAfter(2);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals(List.of("1", "2"), readIds(sse, 2));
      sse.assertCut();
    }
    try (SseReader sse = new SseReader(client, server.url(), "2")) {
      assertEquals(List.of("3", "4"), readIds(sse, 2));
      server.publish(1);
      assertEquals("5", sse.nextEvent().id());
    }
  }

  @Test
  void dropAfterOnPollsCutsThePollAfterNMessagesWereServed() throws Exception {
    server.publish(5);
    server.faults().dropAfter(2);
    try (Response r = get(server.url() + "?lastEventId=0")) {
      assertEquals(5, JSON.readTree(r.body().string()).get("messages").size());
    }
    assertThrows(
        IOException.class,
        () -> {
          try (Response r = get(server.url() + "?lastEventId=5")) {
            r.body().string();
          }
        });
    server.faults().clear();
    try (Response r = get(server.url() + "?lastEventId=5")) {
      assertEquals(204, r.code());
    }
  }

  @Test
  void dropRandomlyEventuallyCutsAStream() throws Exception {
    server.publish(200);
    server.faults().dropRandomly(42, 0.2);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      int seen = 0;
      try {
        while (true) {
          if (sse.next().isEvent()) {
            seen++;
          }
        }
      } catch (IOException e) {
        assertTrue(!(e instanceof InterruptedIOException), e.toString());
      }
      assertTrue(seen >= 1 && seen < 200, "seen " + seen);
    }
  }

  @Test
  void dropActiveCutsOpenSseAndWebSocketStreams() throws Exception {
    server.publish(1);
    BlockingQueue<String> ws = new LinkedBlockingQueue<>();
    client.newWebSocket(
        new Request.Builder().url(server.wsUrl() + "?lastEventId=0").build(),
        new WebSocketListener() {
          @Override
          public void onMessage(WebSocket webSocket, String text) {
            ws.add(text);
          }

          @Override
          public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            ws.add("failure");
          }

          @Override
          public void onClosed(WebSocket webSocket, int code, String reason) {
            ws.add("closed");
          }
        });
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals("1", sse.nextEvent().id());
      assertTrue(ws.poll(10, TimeUnit.SECONDS).contains("\"id\":\"1\""));
      server.faults().dropActive();
      sse.assertCut();
      assertEquals("failure", ws.poll(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void stallActiveSilencesStreamsAndNewStreamsWork() throws Exception {
    server.publish(1);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals("1", sse.nextEvent().id());
      sse.next(); // a heartbeat
      server.faults().stallActive();
      server.publish(1);
      // Heartbeats every 20 ms stop: a 300 ms read timeout fires.
      sse.readTimeout(Duration.ofMillis(300));
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                while (true) {
                  SseReader.Block b = sse.next();
                  if (b.isEvent()) {
                    throw new AssertionError("stalled stream sent " + b);
                  }
                }
              });
      assertTrue(e instanceof InterruptedIOException, e.toString());
    }
    try (SseReader sse = new SseReader(client, server.url(), "1")) {
      assertEquals("2", sse.nextEvent().id());
    }
  }

  @Test
  void stallNextHoldsPollsUnanswered() throws Exception {
    OkHttpClient shortTimeout = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    server.publish(1);
    server.faults().stallNext(1);
    assertThrows(
        InterruptedIOException.class,
        () -> shortTimeout.newCall(new Request.Builder().url(server.url()).build()).execute());
    try (Response r = get(server.url())) {
      assertEquals(200, r.code());
    }
    assertEquals(0, server.requests().get(0).status());
  }

  @Test
  void aStalledPollIsReleasedWhenItsConnectionTimesOut() throws Exception {
    try (ReferenceServer idle =
        ReferenceServer.builder().idleTimeout(Duration.ofMillis(500)).start()) {
      idle.faults().stallNext(1);
      // The client waits 10 s; the server's idle timeout must end the poll long before.
      try (Response r = get(idle.url())) {
        assertTrue(r.code() >= 500, "a stalled poll was answered with " + r.code());
      } catch (IOException e) {
        assertFalse(e instanceof InterruptedIOException, "held until the client gave up: " + e);
      }
      Await.until(
          () -> idle.stats("shortpoll").open() == 0 && idle.openConnections() == 0,
          Duration.ofSeconds(10),
          "the server to release the poll and its connection");
    }
  }

  @Test
  void stallAllUntilCleared() throws Exception {
    OkHttpClient shortTimeout = client.newBuilder().readTimeout(Duration.ofMillis(200)).build();
    server.faults().stallAll();
    for (int i = 0; i < 2; i++) {
      assertThrows(
          InterruptedIOException.class,
          () -> shortTimeout.newCall(new Request.Builder().url(server.url()).build()).execute());
    }
    server.faults().clear();
    try (Response r = get(server.url())) {
      assertEquals(204, r.code());
    }
  }

  @Test
  void malformedItemsSitBetweenGoodMessagesWithoutTakingIds() throws Exception {
    server.publish(1);
    server.faults().injectMalformed(Malformed.NOT_JSON);
    server.faults().injectMalformed(Malformed.BROKEN_JSON);
    server.publish(1);
    server.faults().injectOversized(10_000);
    server.faults().injectMalformed(Malformed.INVALID_UTF8);
    server.publish(1);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals("1", sse.nextEvent().id());
      SseReader.Block bad = sse.nextEvent();
      assertNull(bad.id());
      assertEquals("this is not JSON: {oops", bad.data());
      SseReader.Block broken = sse.nextEvent();
      assertNull(broken.id());
      assertEquals("{\"n\":", broken.data());
      assertEquals("2", sse.nextEvent().id());
      SseReader.Block big = sse.nextEvent();
      assertNull(big.id());
      assertEquals(10_000, big.data().length());
      SseReader.Block utf = sse.nextEvent();
      assertNull(utf.id());
      assertTrue(utf.data().contains("\uFFFD"), utf.data());
      assertEquals("3", sse.nextEvent().id());
    }
    try (Response r = get(server.url())) {
      JsonNode messages = JSON.readTree(r.body().string()).get("messages");
      assertEquals(7, messages.size());
      assertTrue(messages.get(1).isTextual());
      assertTrue(messages.get(4).isObject() && !messages.get(4).has("id"));
      assertEquals("3", messages.get(6).get("id").asText());
    }
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    TestClients.collectFrames(client, server.wsUrl() + "?lastEventId=1", frames);
    assertEquals("this is not JSON: {oops", frames.poll(10, TimeUnit.SECONDS));
    assertTrue(frames.poll(10, TimeUnit.SECONDS).startsWith("{\"id\":\"x\""));
    assertTrue(frames.poll(10, TimeUnit.SECONDS).contains("\"id\":\"2\""));
    assertTrue(frames.poll(10, TimeUnit.SECONDS).length() >= 9_990);
    assertEquals("binary:c328fffe", frames.poll(10, TimeUnit.SECONDS));
    assertTrue(frames.poll(10, TimeUnit.SECONDS).contains("\"id\":\"3\""));
    assertEquals("3", server.lastId());
  }

  @Test
  void badSseLinesAreIgnorableLinesOnSseAndNothingElsewhere() throws Exception {
    server.publish(1);
    server.faults().injectMalformed(Malformed.BAD_SSE_LINES);
    server.publish(1);
    Request sseRequest =
        new Request.Builder().url(server.url()).header("Accept", "text/event-stream").build();
    try (Response r = client.newCall(sseRequest).execute()) {
      BufferedSource body = r.body().source();
      String first = "id: 1\nevent: tick\ndata: {\"n\":1}\n\n";
      String second = "id: 2\nevent: tick\ndata: {\"n\":2}\n\n";
      long end = body.indexOf(ByteString.encodeUtf8(second));
      String raw = body.readUtf8(end + second.length());
      String bad =
          raw.substring(raw.indexOf(first) + first.length(), raw.length() - second.length());
      List<String> lines = List.of(bad.split("\r\n|\r|\n", -1));
      assertTrue(lines.stream().noneMatch(l -> l.startsWith("data")), "a data field in: " + bad);
      assertTrue(bad.matches("(?s).*\r[^\n].*"), "no lone CR in: " + bad);
      assertTrue(lines.contains("retry: abc"), bad);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("id: ") && l.contains("\0")), bad);
      assertTrue(lines.contains(""), "no blank line ends the first block: " + bad);
      assertFalse(bad.endsWith("\n\n"), "the last lines are not inside the next event: " + bad);
    }
    try (Response r = get(server.url())) {
      List<String> kinds = new ArrayList<>();
      JSON.readTree(r.body().string()).get("messages").forEach(m -> kinds.add(m.toString()));
      assertEquals(2, kinds.size(), kinds.toString());
    }
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    TestClients.collectFrames(client, server.wsUrl() + "?lastEventId=0", frames);
    assertTrue(frames.poll(10, TimeUnit.SECONDS).contains("\"id\":\"1\""));
    assertTrue(frames.poll(10, TimeUnit.SECONDS).contains("\"id\":\"2\""));
  }

  @Test
  void malformedEveryN() throws Exception {
    server.faults().injectMalformedEvery(2, Malformed.NOT_JSON);
    server.publish(5);
    try (Response r = get(server.url())) {
      JsonNode messages = JSON.readTree(r.body().string()).get("messages");
      List<String> kinds = new ArrayList<>();
      messages.forEach(m -> kinds.add(m.isObject() ? m.get("id").asText() : "bad"));
      assertEquals(List.of("1", "2", "bad", "3", "4", "bad", "5"), kinds);
    }
  }

  @Test
  void redirectSendsClientsToTheSameFeedElsewhere() throws Exception {
    server.publish(2);
    server.faults().redirect(301, 1);
    try (Response r = get(server.url() + "?lastEventId=1")) {
      assertEquals(200, r.code());
      assertEquals(server.movedUrl() + "?lastEventId=1", r.request().url().toString());
      assertEquals("2", JSON.readTree(r.body().string()).get("messages").get(0).get("id").asText());
    }
    List<RecordedRequest> log = server.requests();
    assertEquals(301, log.get(0).status());
    assertEquals("/events-moved", log.get(1).path());
  }

  @Test
  void stalledWebSocketIsUpgradedButSilent() throws Exception {
    server.publish(1);
    server.faults().stallNext(1);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    WebSocket ws =
        client.newWebSocket(
            new Request.Builder().url(server.wsUrl() + "?lastEventId=0").build(),
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket webSocket, Response response) {
                events.add("open");
              }

              @Override
              public void onMessage(WebSocket webSocket, String text) {
                events.add(text);
              }
            });
    assertEquals("open", events.poll(10, TimeUnit.SECONDS));
    assertNull(events.poll(200, TimeUnit.MILLISECONDS));
    assertEquals(1, server.openWebSockets());
    ws.cancel();
  }

  @Test
  void stalledWebSocketAnswersNoPingWhileAHealthyOneDoes() throws Exception {
    server.faults().stallNext(1);
    BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    OkHttpClient pingFast = client.newBuilder().pingInterval(Duration.ofMillis(200)).build();
    RealWebSocket stalled =
        (RealWebSocket)
            pingFast.newWebSocket(
                new Request.Builder().url(server.wsUrl() + "?lastEventId=0").build(),
                new WebSocketListener() {
                  @Override
                  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                    failures.add(t);
                  }
                });
    // OkHttp fails the socket when a ping's pong has not come by the next ping.
    Throwable failure = failures.poll(10, TimeUnit.SECONDS);
    assertInstanceOf(SocketTimeoutException.class, failure, String.valueOf(failure));
    assertTrue(failure.getMessage().contains("didn't receive pong"), failure.getMessage());
    assertEquals(0, stalled.receivedPongCount());

    OkHttpClient pingSlow = client.newBuilder().pingInterval(Duration.ofSeconds(2)).build();
    RealWebSocket healthy =
        (RealWebSocket)
            pingSlow.newWebSocket(
                new Request.Builder().url(server.wsUrl() + "?lastEventId=0").build(),
                new WebSocketListener() {
                  @Override
                  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                    failures.add(t);
                  }
                });
    Await.until(() -> healthy.receivedPongCount() >= 1, Duration.ofSeconds(10), "a pong");
    assertNull(failures.poll());
    healthy.cancel();
  }
}
