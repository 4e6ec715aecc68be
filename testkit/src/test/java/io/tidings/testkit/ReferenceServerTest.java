package io.tidings.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReferenceServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    TestClients.release(client);
  }

  private ReferenceServer server(ReferenceServer.Builder b) {
    ReferenceServer s = b.start();
    closeables.add(s);
    return s;
  }

  private Response get(String url, String... headers) throws IOException {
    Request.Builder b = new Request.Builder().url(url);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.newCall(b.build()).execute();
  }

  private static JsonNode json(Response r) throws IOException {
    return JSON.readTree(r.body().string());
  }

  private static List<String> ids(JsonNode batch) {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : batch.get("messages")) {
      ids.add(m.path("id").isMissingNode() ? m.path("type").asText() : m.get("id").asText());
    }
    return ids;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, WAIT, what);
  }

  @Test
  void shortPollServesBatchesWithCursorEtagAndMore() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder().batchSize(3));
    assertEquals(List.of("1", "2", "3", "4"), server.publish(4));
    try (Response r = get(server.url())) {
      assertEquals(200, r.code());
      assertEquals("\"3\"", r.header("ETag"));
      assertTrue(r.header("Last-Modified") != null);
      JsonNode batch = json(r);
      assertEquals(List.of("1", "2", "3"), ids(batch));
      assertEquals("3", batch.get("cursor").asText());
      assertTrue(batch.get("more").asBoolean());
      JsonNode first = batch.get("messages").get(0);
      assertEquals("tick", first.get("type").asText());
      assertEquals(1, first.get("seq").asLong());
      assertEquals(1, first.get("data").get("n").asInt());
    }
    try (Response r = get(server.url() + "?lastEventId=3")) {
      JsonNode batch = json(r);
      assertEquals(List.of("4"), ids(batch));
      assertFalse(batch.get("more").asBoolean());
    }
    try (Response r = get(server.url() + "?lastEventId=4")) {
      assertEquals(204, r.code());
    }
    try (Response r = get(server.url(), "If-None-Match", "\"4\"")) {
      assertEquals(304, r.code());
    }
    try (Response r = get(server.url(), "If-None-Match", "\"2\"")) {
      assertEquals(List.of("3", "4"), ids(json(r)));
    }
    TransportStats stats = server.stats("shortpoll");
    assertEquals(5, stats.requests());
    assertEquals(6, stats.messages());
    assertTrue(stats.bytes() > 0);
    assertEquals(0, server.stats("sse").requests());
  }

  @Test
  void ifModifiedSinceAnswers304WhenNothingIsNewer() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder());
    server.publish(1);
    String lastModified;
    try (Response r = get(server.url())) {
      lastModified = r.header("Last-Modified");
    }
    try (Response r = get(server.url(), "If-Modified-Since", lastModified)) {
      assertEquals(304, r.code());
    }
  }

  @Test
  void longPollHoldsUntilDataThenAnswers() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder());
    BlockingQueue<Object> result = new LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try (Response r = get(server.url() + "?wait=30")) {
                result.add(json(r));
              } catch (IOException e) {
                result.add(e);
              }
            });
    t.start();
    await(() -> server.stats("longpoll").open() == 1, "the long poll to be held");
    assertNull(result.poll());
    server.publish("greeting", Map.of("text", "hi"));
    Object got = result.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(got instanceof JsonNode, String.valueOf(got));
    JsonNode m = ((JsonNode) got).get("messages").get(0);
    assertEquals("greeting", m.get("type").asText());
    assertEquals("hi", m.get("data").get("text").asText());
    t.join(WAIT.toMillis());
    assertEquals(0, server.stats("longpoll").open());
  }

  @Test
  void longPollAnswers204WhenTheWaitPasses() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder());
    long start = System.nanoTime();
    try (Response r = get(server.url() + "?wait=0.2&lastEventId=0")) {
      assertEquals(204, r.code());
    }
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
  }

  @Test
  void sseStreamsEventsResumesAndSendsHeartbeats() throws Exception {
    ReferenceServer server =
        server(
            ReferenceServer.builder()
                .heartbeatInterval(Duration.ofMillis(50))
                .sseRetry(Duration.ofMillis(1500)));
    server.publish(2);
    try (SseReader sse = new SseReader(client, server.url(), "1")) {
      assertEquals(
          "text/event-stream",
          sse.response.body().contentType().type()
              + "/"
              + sse.response.body().contentType().subtype());
      SseReader.Block retry = sse.next();
      assertEquals("1500", retry.retry());
      SseReader.Block e = sse.nextEvent();
      assertEquals("2", e.id());
      assertEquals("tick", e.event());
      assertEquals("{\"n\":2}", e.data());
      SseReader.Block ping = sse.next();
      assertEquals(List.of("ping"), ping.comments());
      server.publish(1);
      assertEquals("3", sse.nextEvent().id());
      assertEquals(1, server.openSseStreams());
    }
    await(() -> server.openSseStreams() == 0, "the server to notice the closed stream");
    await(() -> server.openConnections() == 0, "the TCP connection to close");
    assertEquals("1", server.requests("sse").get(0).lastEventId());
  }

  @Test
  void resumingFromBeforeTheHistorySendsAGapNoticeFirst() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder().historySize(5));
    server.publish(12);
    assertEquals(8, server.firstRetained());
    try (Response r = get(server.url() + "?lastEventId=2")) {
      JsonNode messages = json(r).get("messages");
      assertEquals("tidings.gap", messages.get(0).get("type").asText());
      assertEquals(3, messages.get(0).get("data").get("firstMissing").asLong());
      assertEquals(7, messages.get(0).get("data").get("lastMissing").asLong());
      assertEquals("8", messages.get(1).get("id").asText());
      assertEquals(6, messages.size());
    }
    try (SseReader sse = new SseReader(client, server.url(), "2")) {
      SseReader.Block gap = sse.nextEvent();
      assertEquals("tidings.gap", gap.event());
      assertNull(gap.id());
      assertEquals("{\"firstMissing\":3,\"lastMissing\":7}", gap.data());
      assertEquals("8", sse.nextEvent().id());
    }
    // No cursor: the retained history, without a gap.
    try (Response r = get(server.url())) {
      assertEquals(List.of("8", "9", "10", "11", "12"), ids(json(r)));
    }
  }

  @Test
  void liveEdgeWithoutReplay() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder().replayWithoutCursor(false));
    server.publish(3);
    try (Response r = get(server.url())) {
      assertEquals(204, r.code());
    }
  }

  @Test
  void webSocketStreamsEnvelopesResumesAndRecordsWhatClientsSend() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder());
    server.publish(3);
    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    WebSocket ws = TestClients.collectFrames(client, server.wsUrl() + "?lastEventId=1", texts);
    JsonNode first = JSON.readTree(texts.poll(10, TimeUnit.SECONDS));
    assertEquals("2", first.get("id").asText());
    assertEquals(2, first.get("seq").asLong());
    assertEquals("3", JSON.readTree(texts.poll(10, TimeUnit.SECONDS)).get("id").asText());
    ws.send("hello server");
    ws.send(ByteString.encodeUtf8("bin"));
    assertTrue(server.awaitReceived(m -> "hello server".equals(m.text()), WAIT));
    assertTrue(server.awaitReceived(m -> m.isBinary() && m.asText().equals("bin"), WAIT));
    assertEquals(1, server.openWebSockets());
    ws.close(1000, "bye");
    await(() -> server.openWebSockets() == 0, "the session to end");

    // Resume message instead of the query parameter.
    BlockingQueue<String> texts2 = new LinkedBlockingQueue<>();
    WebSocket ws2 = TestClients.collectFrames(client, server.wsUrl(), texts2);
    ws2.send("{\"type\":\"resume\",\"lastEventId\":\"2\"}");
    assertEquals("3", JSON.readTree(texts2.poll(10, TimeUnit.SECONDS)).get("id").asText());
    server.publish(1);
    assertEquals("4", JSON.readTree(texts2.poll(10, TimeUnit.SECONDS)).get("id").asText());
    ws2.close(1000, null);
    assertEquals(2, server.received().size());
    assertEquals(101, server.requests("websocket").get(0).status());
  }

  @Test
  void postPublishes() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder());
    RequestBody body =
        RequestBody.create(
            "{\"type\":\"price\",\"data\":{\"p\":1.5}}", MediaType.get("application/json"));
    try (Response r =
        client
            .newCall(new Request.Builder().url(server.publishUrl()).post(body).build())
            .execute()) {
      assertEquals(200, r.code());
      assertEquals("1", json(r).get("id").asText());
    }
    RequestBody bad = RequestBody.create("{oops", MediaType.get("application/json"));
    try (Response r =
        client
            .newCall(new Request.Builder().url(server.publishUrl()).post(bad).build())
            .execute()) {
      assertEquals(400, r.code());
    }
    try (Response r = get(server.url())) {
      JsonNode m = json(r).get("messages").get(0);
      assertEquals("price", m.get("type").asText());
      assertEquals(1.5, m.get("data").get("p").asDouble());
    }
    assertEquals("1", server.lastId());
  }

  @Test
  void h2cSharesOneConnectionBetweenManyStreams() throws Exception {
    ReferenceServer server = server(ReferenceServer.builder().h2c(true));
    assertTrue(server.h2c());
    OkHttpClient h2 = client.newBuilder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
    server.publish(1);
    List<SseReader> readers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SseReader r = new SseReader(h2, server.url(), null);
      closeables.add(r);
      assertEquals(Protocol.H2_PRIOR_KNOWLEDGE, r.response.protocol());
      readers.add(r);
    }
    for (SseReader r : readers) {
      assertEquals("1", r.nextEvent().id());
    }
    assertEquals(5, server.openSseStreams());
    assertEquals(1, server.connectionsAccepted());
    // HTTP/1.1 on the same port still works.
    try (Response r = get(server.url())) {
      assertEquals(Protocol.HTTP_1_1, r.protocol());
      assertEquals(200, r.code());
    }
  }

  @Test
  void statsRejectUnknownTransports() {
    ReferenceServer server = server(ReferenceServer.builder());
    assertThrows(IllegalArgumentException.class, () -> server.stats("carrier-pigeon"));
    assertEquals(4, server.stats().size());
  }

  @Test
  void closeStopsEveryServerThread() throws Exception {
    ReferenceServer server =
        ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(20)).start();
    server.publish(1);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      sse.nextEvent();
      server.close();
      assertTrue(
          Thread.getAllStackTraces().keySet().stream()
              .noneMatch(t -> t.isAlive() && t.getName().startsWith("refserver-timer")),
          "close() returned before the timer thread ended");
      assertThrows(
          IOException.class,
          () -> {
            while (true) {
              sse.next();
            }
          });
    }
    await(
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("refserver")),
        "the server threads to end");
  }
}
