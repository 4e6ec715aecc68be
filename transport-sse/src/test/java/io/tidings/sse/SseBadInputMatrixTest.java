package io.tidings.sse;

import static io.tidings.testkit.junit.BadInputCase.Then.GOES_ON;
import static io.tidings.testkit.junit.BadInputCase.Then.RECONNECTS;

import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import io.tidings.testkit.ScriptedHttpServer;
import io.tidings.testkit.junit.BadInputCase;
import io.tidings.testkit.junit.BadInputMatrix;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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

  private static final BadInputMatrix MATRIX = new BadInputMatrix("SSE");

  /** The good event on a held connection, once the bad answers are used. */
  private static final Consumer<ScriptedHttpServer> GOOD_STREAM =
      s -> s.answerThenHold(HEAD + GOOD);

  /** The bad answer on the first connection, the good event on the next ones. */
  private static Consumer<ScriptedHttpServer> first(String bad) {
    return s -> GOOD_STREAM.accept(s.answer(bad));
  }

  private static Consumer<ScriptedHttpServer> first(byte[] bad) {
    return s -> GOOD_STREAM.accept(s.answer(bad));
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

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(
          p instanceof String ? ((String) p).getBytes(StandardCharsets.UTF_8) : (byte[]) p);
    }
    return out.toByteArray();
  }

  static {
    MATRIX.row(
        "`200` with `Content-Type: text/html` (a login page)",
        ProtocolException.class,
        RECONNECTS,
        "nothing",
        first(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>"));
    MATRIX.row(
        "`200` without a `Content-Type`",
        ProtocolException.class,
        RECONNECTS,
        "nothing",
        first("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    MATRIX.row(
        "a UTF-8 byte-order mark before the first event",
        null,
        GOES_ON,
        "nothing",
        inStream(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})));
    MATRIX.row(
        "CR-only line endings", null, GOES_ON, "nothing", inStream("id: a\rdata: {\"n\":1}\r\r"));
    MATRIX.row(
        "CRLF line endings split between the CR and the LF across TCP writes",
        null,
        GOES_ON,
        "nothing",
        inPieces(bytes("id: a\r", "\ndata: {\"n\":1}\r", "\n\r", "\n"), 6));
    MATRIX.row(
        "a UTF-8 character split across TCP writes",
        null,
        GOES_ON,
        "nothing",
        inPieces(bytes("id: a\ndata: {\"s\":\"é€😀\"}\n\n"), 1));
    MATRIX.row(
        "invalid UTF-8 in an event (`FF FE`)",
        DecodeException.class,
        GOES_ON,
        "that event",
        inStream(
            bytes("id: a\ndata: {\"s\":\"", new byte[] {(byte) 0xFF, (byte) 0xFE}, "\"}\n\n")));
    MATRIX.row(
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
    MATRIX.row(
        "100,000 comment lines before an event",
        null,
        GOES_ON,
        "nothing",
        inStream(": keep-alive\n".repeat(100_000)));
    MATRIX.row(
        "an absurd `retry: 99999999999`, then the stream ends",
        null,
        RECONNECTS,
        "nothing (the delay is capped by `reconnect.max-server-delay`)",
        first(HEAD + "retry: 99999999999\n\n"));
    MATRIX.row(
        "data that is not JSON",
        DecodeException.class,
        GOES_ON,
        "that event",
        inStream("id: a\ndata: {not json\n\n"));
    MATRIX.row(
        "the stream cut in the middle of an event",
        null,
        RECONNECTS,
        "nothing (the partial event was never complete)",
        first(HEAD + "id: a\ndata: {\"n\":"));
    MATRIX.httpStatusRows("/events", GOOD_STREAM);
    MATRIX.brokenHeadRows(ConnectionException.class, "HTTP/1.1 200 OK", GOOD_STREAM);
    MATRIX.unreachableRows("http");
  }

  static Stream<BadInputCase> cases() {
    return MATRIX.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRowHolds(BadInputCase row) throws Exception {
    MATRIX.check(row, s -> s.url("/events"), SseBadInputMatrixTest::config, WAIT);
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
    MATRIX.assertDocumented(Path.of("..", "README.md"));
  }
}
