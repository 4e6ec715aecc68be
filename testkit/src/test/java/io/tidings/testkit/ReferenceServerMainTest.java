package io.tidings.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class ReferenceServerMainTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(WAIT).build();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

  @AfterEach
  void tearDown() {
    TestClients.release(client);
  }

  @Test
  void defaultsServeLoopbackOnPort8080WithFaultControl() {
    ReferenceServerMain.Options o = ReferenceServerMain.parse();

    assertEquals("127.0.0.1", o.host());
    assertEquals(8080, o.port());
    assertEquals(1.0, o.rate());
    assertEquals("/events", o.path());
    assertEquals(ReferenceServer.DEFAULT_HISTORY_SIZE, o.historySize());
    assertEquals(ReferenceServer.DEFAULT_HEARTBEAT_INTERVAL, o.heartbeat());
    assertFalse(o.h2c());
    assertTrue(o.loopback());
    assertTrue(o.faultControl());
    assertFalse(o.replay());
    assertFalse(o.quiet());
  }

  @Test
  void everyOptionIsRead() {
    ReferenceServerMain.Options o =
        ReferenceServerMain.parse(
            "--host",
            "localhost",
            "--port",
            "0",
            "--rate",
            "2.5",
            "--path",
            "/feed",
            "--history",
            "5",
            "--heartbeat",
            "500ms",
            "--h2c",
            "--no-fault-control",
            "--replay",
            "--quiet");

    assertEquals(
        new ReferenceServerMain.Options(
            "localhost", 0, 2.5, "/feed", 5, Duration.ofMillis(500), true, false, true, true),
        o);
    assertFalse(ReferenceServerMain.parse("--replay", "--no-replay").replay());
    assertTrue(o.loopback());
    assertEquals(
        Duration.ofMillis(1500), ReferenceServerMain.parse("--heartbeat", "1.5").heartbeat());
  }

  @Test
  void faultControlIsOffOnAnotherInterfaceUnlessAskedFor() {
    ReferenceServerMain.Options any = ReferenceServerMain.parse("--host", "0.0.0.0");
    assertFalse(any.loopback());
    assertFalse(any.faultControl());
    assertTrue(ReferenceServerMain.parse("--host", "0.0.0.0", "--fault-control").faultControl());
    assertTrue(ReferenceServerMain.parse("--host", "::1").faultControl());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "--port             | --port needs a value",
        "--port eighty      | --port needs a whole number, was 'eighty'",
        "--port 70000       | port must be 0..65535",
        "--rate -1          | --rate must be 0 or more",
        "--rate fast        | --rate needs a number, was 'fast'",
        "--heartbeat soon   | --heartbeat needs a duration such as 15s or 500ms, was 'soon'",
        "--path events      | path must start with '/'",
        "--path /faults     | differ from /publish and /faults",
        "--history 0        | historySize must be at least 1",
        "--verbose          | Unknown option --verbose",
      })
  void badOptionsSayWhatIsWrong(String args, String message) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ReferenceServerMain.parse(args.split(" ")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void runsInProcessServesEveryWayAndStopsEveryThread() throws Exception {
    ReferenceServerMain.Running running =
        ReferenceServerMain.start(
            ReferenceServerMain.parse("--port", "0", "--rate", "0", "--replay"), out);
    try {
      ReferenceServer server = running.server();
      assertTrue(printed().contains("  feed:    " + server.url()), printed());
      assertTrue(printed().contains("first gets the retained history (--replay)"), printed());
      assertTrue(printed().contains("POST " + server.publishUrl()), printed());
      assertTrue(printed().contains("POST " + server.faultsUrl() + "/<switch>"), printed());
      assertFalse(printed().contains("WARNING"), printed());

      assertEquals(200, post(server.publishUrl(), "[{\"data\":{\"n\":1}},{\"data\":{\"n\":2}}]"));
      try (SseReader sse = new SseReader(client, server.url(), null)) {
        assertEquals("1", sse.nextEvent().id());
        assertEquals("2", sse.nextEvent().id());

        CompletableFuture<JsonNode> poll = longPoll(server.url() + "?lastEventId=2&wait=30");
        Await.until(() -> server.stats("longpoll").open() == 1, WAIT, "the long poll to be held");
        assertFalse(poll.isDone());
        assertEquals(200, post(server.publishUrl(), "{\"type\":\"note\",\"data\":\"hi\"}"));
        JsonNode m = poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get("messages").get(0);
        assertEquals("3", m.get("id").asText());
        assertEquals("note", m.get("type").asText());
        assertEquals("3", sse.nextEvent().id());

        assertEquals(200, post(server.faultsUrl() + "/drop-active", ""));
        sse.assertCut();
      }
      assertEquals(200, post(server.faultsUrl() + "/respond?status=503&retryAfter=1", ""));
      try (Response r = client.newCall(new Request.Builder().url(server.url()).build()).execute()) {
        assertEquals(503, r.code());
        assertEquals("1", r.header("Retry-After"));
      }
    } finally {
      running.close();
    }
    assertNoServerThreadLeft();
  }

  @Test
  void withoutReplayAClientWithoutCursorStartsAtTheLiveEdge() throws Exception {
    try (ReferenceServerMain.Running running =
        ReferenceServerMain.start(ReferenceServerMain.parse("--port", "0", "--rate", "0"), out)) {
      ReferenceServer server = running.server();
      assertTrue(printed().contains("starts at the live edge (--no-replay)"), printed());
      server.publish(5);
      try (SseReader sse = new SseReader(client, server.url(), null)) {
        Await.until(() -> server.stats("sse").open() == 1, WAIT, "the SSE stream to open");
        server.publish(1);
        assertEquals("6", sse.nextEvent().id());
      }
      try (SseReader sse = new SseReader(client, server.url(), "4")) {
        assertEquals("5", sse.nextEvent().id()); // a cursor still resumes
      }
    }
  }

  @Test
  void logsOneLinePerConnectionFaultAndReceivedMessage() throws Exception {
    try (ReferenceServerMain.Running running =
        ReferenceServerMain.start(ReferenceServerMain.parse("--port", "0", "--rate", "0"), out)) {
      ReferenceServer server = running.server();
      server.publish(2);
      try (SseReader sse = new SseReader(client, server.url(), "1")) {
        assertEquals("2", sse.nextEvent().id());
      }
      awaitPrinted("sse connection from 127.0.0.1:");
      assertTrue(printed().contains(", cursor 1"), printed());
      try (Response r =
          client
              .newCall(new Request.Builder().url(server.url() + "?lastEventId=2").build())
              .execute()) {
        assertEquals(204, r.code());
      }
      awaitPrinted("shortpoll poll from 127.0.0.1:");
      assertEquals(200, post(server.faultsUrl() + "/drop-after?messages=3", ""));
      awaitPrinted("fault switched: drop-after messages=3");
      java.util.concurrent.BlockingQueue<String> frames =
          new java.util.concurrent.LinkedBlockingQueue<>();
      okhttp3.WebSocket ws = TestClients.collectFrames(client, server.wsUrl(), frames);
      try {
        ws.send("hello from the client");
        awaitPrinted("websocket client sent: hello from the client");
        assertTrue(printed().contains("websocket connection from 127.0.0.1:"), printed());
        assertTrue(printed().contains("cursor none (live edge)"), printed());
      } finally {
        ws.close(1000, null);
      }
      assertEquals(200, post(server.publishUrl(), "{\"data\":1}"));
      awaitPrinted("published over HTTP: id 3");
    }
  }

  @Test
  void quietLeavesTheEventLinesOut() throws Exception {
    try (ReferenceServerMain.Running running =
        ReferenceServerMain.start(
            ReferenceServerMain.parse("--port", "0", "--rate", "0", "--quiet"), out)) {
      ReferenceServer server = running.server();
      try (Response r = client.newCall(new Request.Builder().url(server.url()).build()).execute()) {
        assertEquals(204, r.code());
      }
      assertEquals(200, post(server.publishUrl(), "{\"data\":1}")); // answered after any log line
      assertFalse(printed().contains("poll from"), printed());
      assertFalse(printed().contains("published over HTTP"), printed());
    }
  }

  @Test
  void theUsageNamesTheReplayDefault() {
    assertTrue(ReferenceServerMain.USAGE.contains("default: --no-replay"));
  }

  private void awaitPrinted(String text) throws InterruptedException {
    Await.until(() -> printed().contains(text), WAIT, "the line '" + text + "' in\n" + printed());
  }

  @Test
  void publishesAtTheRateByItselfUntilClosed() throws Exception {
    ReferenceServerMain.Running running =
        ReferenceServerMain.start(
            ReferenceServerMain.parse("--port", "0", "--rate", "100", "--no-fault-control"), out);
    try {
      ReferenceServer server = running.server();
      Await.until(
          () -> server.lastId() != null && Long.parseLong(server.lastId()) >= 3,
          WAIT,
          "three messages published by the publisher");
      assertTrue(printed().contains("Publishing 100 message(s) per second"), printed());
      assertTrue(printed().contains("faults:  off"), printed());
      assertEquals(404, post(server.faultsUrl() + "/clear", ""));
    } finally {
      running.close();
    }
    assertNoServerThreadLeft();
    running.close(); // idempotent
  }

  private int post(String url, String json) throws IOException {
    RequestBody body = RequestBody.create(json, MediaType.get("application/json"));
    try (Response r = client.newCall(new Request.Builder().url(url).post(body).build()).execute()) {
      return r.code();
    }
  }

  private CompletableFuture<JsonNode> longPoll(String url) {
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    client
        .newCall(new Request.Builder().url(url).build())
        .enqueue(
            new Callback() {
              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  result.complete(JSON.readTree(response.body().string()));
                } catch (IOException | RuntimeException e) {
                  result.completeExceptionally(e);
                }
              }

              @Override
              public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private static void assertNoServerThreadLeft() throws InterruptedException {
    Await.until(
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("refserver")),
        WAIT,
        "every refserver thread to end");
  }

  private String printed() {
    return output.toString(StandardCharsets.UTF_8);
  }
}
