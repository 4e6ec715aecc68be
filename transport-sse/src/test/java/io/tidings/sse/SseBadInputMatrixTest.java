package io.tidings.sse;

import static io.tidings.testkit.junit.BadInputCase.Then.ENDS;
import static io.tidings.testkit.junit.BadInputCase.Then.GOES_ON;
import static io.tidings.testkit.junit.BadInputCase.Then.RECONNECTS;

import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.HttpStatusException;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import io.tidings.testkit.ScriptedHttpServer;
import io.tidings.testkit.junit.BadInputCase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SSE rows of the README's bad-input matrix: each a scripted server on a raw socket (byte-exact
 * answers) and the outcome the row states, checked.
 */
class SseBadInputMatrixTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";
  private static final String GOOD = "id: good\ndata: {\"ok\":true}\n\n";

  /** Each row and the script its server runs. */
  private static final Map<BadInputCase, Consumer<ScriptedHttpServer>> CASES =
      new LinkedHashMap<>();

  /** Rows whose subscription goes somewhere other than the scripted server. */
  private static final Map<BadInputCase, String> URLS = new java.util.HashMap<>();

  private static void rowAt(String input, Class<? extends Throwable> reported, String url) {
    BadInputCase c =
        new BadInputCase("SSE", input, reported, BadInputCase.Then.RETRIES, "nothing yet");
    CASES.put(c, s -> {});
    URLS.put(c, url);
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void row(
      String input,
      Class<? extends Throwable> reported,
      BadInputCase.Then then,
      String lost,
      Consumer<ScriptedHttpServer> script) {
    CASES.put(new BadInputCase("SSE", input, reported, then, lost), script);
  }

  /** The bad answer on the first connection, the good event on the next ones. */
  private static Consumer<ScriptedHttpServer> first(String bad) {
    return s -> s.answer(bad).answerThenHold(HEAD + GOOD);
  }

  private static Consumer<ScriptedHttpServer> first(byte[] bad) {
    return s -> s.answer(bad).answerThenHold(HEAD + GOOD);
  }

  /** The bad bytes, then the good event, on one held connection. */
  private static Consumer<ScriptedHttpServer> inStream(byte[] bad) {
    return s ->
        s.respond(
            (head, in, out) -> {
              out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
              out.write(bad);
              out.write(GOOD.getBytes(StandardCharsets.UTF_8));
              out.flush();
              ScriptedHttpServer.drain(in);
            });
  }

  private static Consumer<ScriptedHttpServer> inStream(String bad) {
    return inStream(bad.getBytes(StandardCharsets.UTF_8));
  }

  /** Written in pieces, each flushed on its own (TCP_NODELAY), then the good event. */
  private static Consumer<ScriptedHttpServer> inPieces(byte[] bytes, int piece) {
    return s ->
        s.respond(
            (head, in, out) -> {
              out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
              out.flush();
              for (int i = 0; i < bytes.length; i += piece) {
                out.write(bytes, i, Math.min(piece, bytes.length - i));
                out.flush();
              }
              out.write(GOOD.getBytes(StandardCharsets.UTF_8));
              out.flush();
              ScriptedHttpServer.drain(in);
            });
  }

  private static String status(int code, String reason, String... headers) {
    return "HTTP/1.1 "
        + code
        + " "
        + reason
        + "\r\n"
        + String.join("", Stream.of(headers).map(h -> h + "\r\n").toList())
        + "Content-Length: 0\r\n\r\n";
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(
          p instanceof String ? ((String) p).getBytes(StandardCharsets.UTF_8) : (byte[]) p);
    }
    return out.toByteArray();
  }

  static {
    row(
        "`200` with `Content-Type: text/html` (a login page)",
        ProtocolException.class,
        RECONNECTS,
        "nothing",
        first(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>"));
    row(
        "`200` without a `Content-Type`",
        ProtocolException.class,
        RECONNECTS,
        "nothing",
        first("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    row(
        "a UTF-8 byte-order mark before the first event",
        null,
        GOES_ON,
        "nothing",
        inStream(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})));
    row("CR-only line endings", null, GOES_ON, "nothing", inStream("id: a\rdata: {\"n\":1}\r\r"));
    row(
        "CRLF line endings split between the CR and the LF across TCP writes",
        null,
        GOES_ON,
        "nothing",
        inPieces(bytes("id: a\r", "\ndata: {\"n\":1}\r", "\n\r", "\n"), 6));
    row(
        "a UTF-8 character split across TCP writes",
        null,
        GOES_ON,
        "nothing",
        inPieces(bytes("id: a\ndata: {\"s\":\"é€😀\"}\n\n"), 1));
    row(
        "invalid UTF-8 in an event (`FF FE`)",
        DecodeException.class,
        GOES_ON,
        "that event",
        inStream(
            bytes("id: a\ndata: {\"s\":\"", new byte[] {(byte) 0xFF, (byte) 0xFE}, "\"}\n\n")));
    row(
        "a 50 MiB line without a newline",
        MessageTooLargeException.class,
        RECONNECTS,
        "that line",
        s ->
            s.respond(
                    (head, in, out) -> {
                      out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
                      out.write("data: ".getBytes(StandardCharsets.US_ASCII));
                      byte[] chunk = new byte[64 * 1024];
                      java.util.Arrays.fill(chunk, (byte) 'x');
                      for (int i = 0; i < 50 * 16; i++) {
                        out.write(chunk);
                      }
                    })
                .answerThenHold(HEAD + GOOD));
    row(
        "100,000 comment lines before an event",
        null,
        GOES_ON,
        "nothing",
        inStream(": keep-alive\n".repeat(100_000)));
    row(
        "an absurd `retry: 99999999999`, then the stream ends",
        null,
        RECONNECTS,
        "nothing (the delay is capped by `reconnect.max-server-delay`)",
        first(HEAD + "retry: 99999999999\n\n"));
    row(
        "data that is not JSON",
        DecodeException.class,
        GOES_ON,
        "that event",
        inStream("id: a\ndata: {not json\n\n"));
    row(
        "the stream cut in the middle of an event",
        null,
        RECONNECTS,
        "nothing (the partial event was never complete)",
        first(HEAD + "id: a\ndata: {\"n\":"));
    row(
        "`500` again and again",
        HttpStatusException.class,
        RECONNECTS,
        "nothing",
        s -> s.answer(status(500, "Oops")).answer(status(500, "Oops")).answerThenHold(HEAD + GOOD));
    row(
        "`429` with `Retry-After: 1`",
        HttpStatusException.class,
        RECONNECTS,
        "nothing",
        first(status(429, "Too Many", "Retry-After: 1")));
    row(
        "`503` with `Retry-After` as an HTTP date",
        HttpStatusException.class,
        RECONNECTS,
        "nothing",
        first(
            status(
                503,
                "Busy",
                "Retry-After: "
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2)))));
    row(
        "a redirect loop (`302` to itself)",
        ConnectionException.class,
        RECONNECTS,
        "nothing",
        s -> {
          for (int i = 0; i < 25; i++) {
            s.answer(status(302, "Found", "Location: /events"));
          }
          s.answerThenHold(HEAD + GOOD);
        });
    for (int code : new int[] {401, 403, 404, 410}) {
      row(
          "`" + code + "`",
          HttpStatusException.class,
          ENDS,
          "everything after (fatal status, `reconnect.fatal-statuses`)",
          s -> s.answer(status(code, "No")));
    }
    row(
        "a bad status line (`HTTP/1.1 OK`)",
        ConnectionException.class,
        RECONNECTS,
        "nothing",
        first("HTTP/1.1 OK\r\n\r\n"));
    row(
        "headers that never end (1 MiB of them)",
        ConnectionException.class,
        RECONNECTS,
        "nothing",
        first(
            "HTTP/1.1 200 OK\r\n"
                + "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(20_000)));
    rowAt(
        "nothing listening (connection refused)",
        ConnectionException.class,
        "http://127.0.0.1:" + closedPort() + "/feed");
    rowAt(
        "a host name that does not resolve",
        ConnectionException.class,
        "http://tidings-test.invalid/feed");
  }

  static Stream<BadInputCase> cases() {
    return CASES.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRowHolds(BadInputCase row) throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer()) {
      CASES.get(row).accept(server);
      row.verify(config(URLS.getOrDefault(row, server.url("/events"))), WAIT);
    }
  }

  static SubscriptionConfig config(String url) {
    return SubscriptionConfig.builder()
        .transport("sse")
        .url(url)
        .maxMessageSize(1 << 20)
        .reconnectPolicy(
            ReconnectPolicy.exponentialBackoff()
                .initialDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(100))
                .maxServerDelay(Duration.ofMillis(200))
                .build())
        .build();
  }

  @Test
  void theReadmeStatesTheRows() throws Exception {
    BadInputCase.assertDocumented(Path.of("..", "README.md"), new ArrayList<>(CASES.keySet()));
  }

  static List<BadInputCase> rows() {
    return List.copyOf(CASES.keySet());
  }
}
