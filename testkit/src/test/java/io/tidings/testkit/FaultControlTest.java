package io.tidings.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The fault control endpoint over raw HTTP: each switch takes effect, bad input is a 400. */
@Timeout(60)
class FaultControlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SWITCHES =
      List.of(
          "drop-active",
          "drop-after",
          "drop-once-after",
          "drop-randomly",
          "stall-next",
          "stall-all",
          "stall-active",
          "respond",
          "redirect",
          "malformed",
          "oversized",
          "clear");

  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ReferenceServer server = server(ReferenceServer.builder());

  /** A status and body. */
  private record Reply(int code, String body) {}

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    TestClients.release(client);
  }

  private ReferenceServer server(ReferenceServer.Builder b) {
    ReferenceServer s = b.faultControl(true).start();
    closeables.add(s);
    return s;
  }

  private Reply call(Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      return new Reply(r.code(), r.body().string());
    }
  }

  /** {@code POST <faultsUrl>/<switchAndQuery>} with an empty body. */
  private Reply post(ReferenceServer s, String switchAndQuery) throws IOException {
    Request request =
        new Request.Builder()
            .url(s.faultsUrl() + "/" + switchAndQuery)
            .post(RequestBody.create(new byte[0]))
            .build();
    return call(request);
  }

  /** Sets a switch on {@link #server}, asserting a 200. */
  private void set(String switchAndQuery) throws IOException {
    Reply reply = post(server, switchAndQuery);
    assertEquals(200, reply.code(), reply.body());
    assertTrue(reply.body().startsWith("OK "), reply.body());
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
  void offByDefaultAndForbiddenAsTheFeedPath() throws Exception {
    try (ReferenceServer plain = ReferenceServer.start()) {
      assertFalse(plain.faultControl());
      assertEquals(404, post(plain, "respond?status=503").code());
      try (Response r = get(plain.url())) {
        assertEquals(204, r.code());
      }
    }
    assertTrue(server.faultControl());
    assertThrows(IllegalArgumentException.class, () -> ReferenceServer.builder().path("/faults"));
    assertThrows(IllegalArgumentException.class, () -> ReferenceServer.builder().path("/faults/x"));
  }

  @Test
  void getListsEverySwitchAndUnknownOnesAre404() throws Exception {
    Reply list = call(new Request.Builder().url(server.faultsUrl()).build());
    assertEquals(200, list.code());
    for (String name : SWITCHES) {
      assertTrue(list.body().contains("POST /faults/" + name), name + " in\n" + list.body());
    }
    Reply unknown = post(server, "explode");
    assertEquals(404, unknown.code());
    assertTrue(unknown.body().startsWith("There is no fault switch 'explode'"), unknown.body());
    assertTrue(unknown.body().contains("POST /faults/drop-after?messages=N"), unknown.body());
    try (Response r = get(server.faultsUrl() + "/drop-active")) {
      assertEquals(405, r.code());
      assertEquals("POST", r.header("Allow"));
    }
    assertTrue(server.requests().isEmpty(), "fault control requests are not feed requests");
  }

  @Test
  void dropActiveCutsOpenStreams() throws Exception {
    server.publish(1);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals("1", sse.nextEvent().id());
      set("drop-active");
      sse.assertCut();
    }
  }

  @Test
  void dropAfterCutsEveryConnectionUntilCleared() throws Exception {
    server.publish(10);
    set("drop-after?messages=3");
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals(List.of("1", "2", "3"), readIds(sse, 3));
      sse.assertCut();
    }
    try (SseReader sse = new SseReader(client, server.url(), "3")) {
      assertEquals(List.of("4", "5", "6"), readIds(sse, 3));
      sse.assertCut();
    }
    set("clear");
    try (SseReader sse = new SseReader(client, server.url(), "6")) {
      assertEquals(List.of("7", "8", "9", "10"), readIds(sse, 4));
    }
  }

  @Test
  void dropOnceAfterTakesItsParameterFromAFormBodyToo() throws Exception {
    server.publish(4);
    Request form =
        new Request.Builder()
            .url(server.faultsUrl() + "/drop-once-after")
            .post(new FormBody.Builder().add("messages", "2").build())
            .build();
    assertEquals(new Reply(200, "OK drop-once-after messages=2\n"), call(form));
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      assertEquals(List.of("1", "2"), readIds(sse, 2));
      sse.assertCut();
    }
    try (SseReader sse = new SseReader(client, server.url(), "2")) {
      assertEquals(List.of("3", "4"), readIds(sse, 2));
    }
  }

  @Test
  void dropRandomlyCutsAStreamSomewhere() throws Exception {
    server.publish(200);
    set("drop-randomly?seed=42&probability=0.2");
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      int seen = 0;
      try {
        while (true) {
          if (sse.next().isEvent()) {
            seen++;
          }
        }
      } catch (IOException e) {
        assertFalse(e instanceof InterruptedIOException, e.toString());
      }
      assertTrue(seen >= 1 && seen < 200, "seen " + seen);
    }
  }

  @Test
  void stallNextHoldsOnePollUnanswered() throws Exception {
    OkHttpClient shortTimeout = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    server.publish(1);
    set("stall-next");
    assertThrows(
        InterruptedIOException.class,
        () -> shortTimeout.newCall(new Request.Builder().url(server.url()).build()).execute());
    try (Response r = get(server.url())) {
      assertEquals(200, r.code());
    }
  }

  @Test
  void stallAllUntilCleared() throws Exception {
    OkHttpClient shortTimeout = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    set("stall-all");
    for (int i = 0; i < 2; i++) {
      assertThrows(
          InterruptedIOException.class,
          () -> shortTimeout.newCall(new Request.Builder().url(server.url()).build()).execute());
    }
    set("clear");
    try (Response r = get(server.url())) {
      assertEquals(204, r.code());
    }
  }

  @Test
  void stallActiveSilencesOpenStreams() throws Exception {
    ReferenceServer beating = server(ReferenceServer.builder().heartbeatInterval(ms(20)));
    beating.publish(1);
    try (SseReader sse = new SseReader(client, beating.url(), null)) {
      assertEquals("1", sse.nextEvent().id());
      sse.next(); // a heartbeat
      assertEquals(200, post(beating, "stall-active").code());
      beating.publish(1);
      // Heartbeats every 20 ms stop: a 300 ms read timeout fires.
      sse.readTimeout(ms(300));
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
  }

  @Test
  void respondAnswersAStatusWithRetryAfterInSecondsOrAsADate() throws Exception {
    server.publish(1);
    set("respond?status=503&times=2&retryAfter=3");
    for (int i = 0; i < 2; i++) {
      try (Response r = get(server.url())) {
        assertEquals(503, r.code());
        assertEquals("3", r.header("Retry-After"));
      }
    }
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME
            .withZone(ZoneOffset.UTC)
            .format(Instant.now().plus(1, ChronoUnit.HOURS));
    set("respond?status=429&retryAfter=" + URLEncoder.encode(date, StandardCharsets.UTF_8));
    try (Response r = get(server.url())) {
      assertEquals(429, r.code());
      assertEquals(
          Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(date)),
          Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(r.header("Retry-After"))));
    }
    try (Response r = get(server.url())) {
      assertEquals(200, r.code());
    }
  }

  @Test
  void respondForeverLastsUntilCleared() throws Exception {
    set("respond?status=401&times=forever");
    for (int i = 0; i < 3; i++) {
      try (Response r = get(server.url())) {
        assertEquals(401, r.code());
        assertNull(r.header("Retry-After"));
      }
    }
    set("clear");
    try (Response r = get(server.url())) {
      assertEquals(204, r.code());
    }
  }

  @Test
  void redirectSendsTheNextRequestToTheMovedFeed() throws Exception {
    server.publish(2);
    set("redirect?status=301");
    try (Response r = get(server.url() + "?lastEventId=1")) {
      assertEquals(200, r.code());
      assertEquals(server.movedUrl() + "?lastEventId=1", r.request().url().toString());
    }
    try (Response r = get(server.url() + "?lastEventId=1")) {
      assertEquals(server.url() + "?lastEventId=1", r.request().url().toString());
    }
    assertEquals(301, server.requests().get(0).status());
  }

  /** Over HTTP, each kind is exactly what {@link Faults#injectMalformed} sends in-process. */
  @ParameterizedTest
  @EnumSource(Malformed.class)
  void malformedSendsEachKindAsTheInProcessSwitchDoes(Malformed kind) throws Exception {
    server.publish(1);
    set("malformed?kind=" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    server.publish(1);
    ReferenceServer inProcess = server(ReferenceServer.builder());
    inProcess.publish(1);
    inProcess.faults().injectMalformed(kind);
    inProcess.publish(1);

    ByteString overHttp = sseUpToSecondEvent(server);
    assertEquals(sseUpToSecondEvent(inProcess), overHttp);
    String first = "id: 1\nevent: tick\ndata: {\"n\":1}\n\n";
    long between = overHttp.indexOf(ByteString.encodeUtf8("id: 2\n"));
    long afterFirst = overHttp.indexOf(ByteString.encodeUtf8(first)) + first.length();
    assertTrue(between > afterFirst, "nothing between the two messages for " + kind);
  }

  @Test
  void malformedEveryNUntilCleared() throws Exception {
    set("malformed?kind=NOT_JSON&every=2");
    server.publish(5);
    try (Response r = get(server.url())) {
      List<String> kinds = new ArrayList<>();
      JSON.readTree(r.body().string())
          .get("messages")
          .forEach(m -> kinds.add(m.isObject() ? m.get("id").asText() : "bad"));
      assertEquals(List.of("1", "2", "bad", "3", "4", "bad", "5"), kinds);
    }
  }

  @Test
  void oversizedSendsAnItemOfTheGivenSize() throws Exception {
    set("oversized?bytes=10000");
    server.publish(1);
    try (SseReader sse = new SseReader(client, server.url(), null)) {
      SseReader.Block big = sse.nextEvent();
      assertNull(big.id());
      assertEquals(10_000, big.data().length());
      assertEquals("1", sse.nextEvent().id());
    }
    try (Response r = get(server.url())) {
      JsonNode messages = JSON.readTree(r.body().string()).get("messages");
      assertEquals(2, messages.size(), messages.toString());
      assertFalse(messages.get(0).has("id"));
      int size = messages.get(0).toString().length();
      assertTrue(size >= 9_990 && size <= 10_010, "an item of about 10000 bytes, was " + size);
      assertEquals("1", messages.get(1).get("id").asText());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "drop-after                          | drop-after needs messages",
        "drop-after?messages=three           | messages must be a whole number, was 'three'",
        "drop-after?messages=-1              | messages must not be negative",
        "drop-after?messages=1&messages=2    | messages was given more than once",
        "drop-after?mesages=3                | drop-after takes only [messages], not 'mesages'",
        "drop-active?now=yes                 | drop-active takes no parameters",
        "drop-randomly?seed=1                | drop-randomly needs probability",
        "drop-randomly?seed=1&probability=2  | probability must be in [0, 1]",
        "stall-next?connections=x            | connections must be a whole number",
        "respond                             | respond needs status",
        "respond?status=99                   | status must be 200..599",
        "respond?status=503&times=often      | times must be a whole number or 'forever'",
        "respond?status=503&retryAfter=soon  | retryAfter must be seconds or an HTTP date",
        "redirect?status=200                 | a redirect status is 3xx",
        "malformed                           | malformed needs kind",
        "malformed?kind=garbage              | kind must be one of broken-json, not-json,"
            + " invalid-utf8, oversized, bad-sse-lines, was 'garbage'",
        "malformed?kind=not-json&every=0     | must be at least 1",
        "oversized?bytes=0                   | must be at least 1",
      })
  void badInputIsA400SayingWhatWasExpected(String switchAndQuery, String problem) throws Exception {
    Reply reply = post(server, switchAndQuery);
    assertEquals(400, reply.code(), reply.body());
    assertTrue(reply.body().contains(problem), reply.body());
    String name = switchAndQuery.split("\\?")[0];
    assertTrue(reply.body().contains("Expected: POST /faults/" + name), reply.body());
    try (Response r = get(server.url())) {
      assertEquals(204, r.code(), "a rejected request set no fault");
    }
  }

  /** The raw SSE bytes of {@code s}'s feed up to the end of the event with id 2. */
  private ByteString sseUpToSecondEvent(ReferenceServer s) throws IOException {
    Request request =
        new Request.Builder().url(s.url()).header("Accept", "text/event-stream").build();
    try (Response r = client.newCall(request).execute()) {
      BufferedSource body = r.body().source();
      ByteString second = ByteString.encodeUtf8("id: 2\nevent: tick\ndata: {\"n\":2}\n\n");
      long at = body.indexOf(second);
      return body.readByteString(at + second.size());
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
