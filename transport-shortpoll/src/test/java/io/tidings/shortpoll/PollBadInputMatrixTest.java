package io.tidings.shortpoll;

import static io.tidings.testkit.junit.BadInputCase.GOOD_ENVELOPE;
import static io.tidings.testkit.junit.BadInputCase.Then.GOES_ON;
import static io.tidings.testkit.junit.BadInputCase.Then.RECONNECTS;
import static io.tidings.testkit.junit.BadInputMatrix.status;

import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import io.tidings.polling.PollOptions;
import io.tidings.testkit.ScriptedHttpServer;
import io.tidings.testkit.junit.BadInputCase;
import io.tidings.testkit.junit.BadInputMatrix;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The polling rows of the README's bad-input matrix (short polling; long polling reads responses
 * with the same {@code HttpPoller}): each a scripted server on a raw socket and the outcome the row
 * states, checked.
 */
class PollBadInputMatrixTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GOOD = json("[" + GOOD_ENVELOPE + "]");

  private static final BadInputMatrix MATRIX = new BadInputMatrix("short poll");

  /** The good batch, once the bad answers are used. */
  private static final Consumer<ScriptedHttpServer> GOOD_POLL = s -> s.answer(GOOD);

  /** A 200 answer with this JSON body. */
  private static String json(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  /** The bad answer to the first poll, the good batch to the next ones. */
  private static Consumer<ScriptedHttpServer> first(String bad) {
    return s -> GOOD_POLL.accept(s.answer(bad));
  }

  /** One batch: these envelopes, then the good one. */
  private static Consumer<ScriptedHttpServer> before(String... envelopes) {
    return first(json("[" + String.join(",", envelopes) + "," + GOOD_ENVELOPE + "]"));
  }

  private static byte[] gzipBomb() {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write('[');
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 8; i++) {
        gz.write(spaces);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return zipped.toByteArray();
  }

  static {
    MATRIX.row(
        "a body cut short (`Content-Length: 100`, 20 bytes sent)",
        ConnectionException.class,
        RECONNECTS,
        "nothing (polled again)",
        first(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                + "[{\"id\":\"a\",\"data\""));
    MATRIX.row(
        "a `Content-Length` shorter than the body",
        DecodeException.class,
        RECONNECTS,
        "nothing (polled again)",
        first(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n"
                + "["
                + GOOD_ENVELOPE
                + "]"));
    byte[] bomb = gzipBomb();
    MATRIX.row(
        "a gzip bomb (8 MiB of JSON whitespace in 8 KiB) over `poll.max-body-size`",
        MessageTooLargeException.class,
        RECONNECTS,
        "that body",
        s -> {
          ByteArrayOutputStream answer = new ByteArrayOutputStream();
          answer.writeBytes(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                      + "Content-Length: "
                      + bomb.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          answer.writeBytes(bomb);
          s.answer(answer.toByteArray()).answer(GOOD);
        });
    MATRIX.row("an empty `200`", null, GOES_ON, "nothing", first(json("")));
    MATRIX.row("`204 No Content`", null, GOES_ON, "nothing", first(status(204, "No Content")));
    MATRIX.row(
        "a batch longer than `poll.max-batch-size` (6 envelopes, limit 5)",
        MessageTooLargeException.class,
        GOES_ON,
        "nothing (the next poll resumes after the 5th)",
        before(
            "{\"id\":\"1\",\"data\":1}",
            "{\"id\":\"2\",\"data\":2}",
            "{\"id\":\"3\",\"data\":3}",
            "{\"id\":\"4\",\"data\":4}",
            "{\"id\":\"5\",\"data\":5}"));
    MATRIX.row(
        "`\"more\": true` forever with the same cursor",
        null,
        GOES_ON,
        "nothing (repeats are dropped; polls wait the interval)",
        s ->
            s.answer(
                json("{\"messages\":[" + GOOD_ENVELOPE + "],\"more\":true,\"cursor\":\"c\"}")));
    MATRIX.httpStatusRows("/feed", GOOD_POLL);
    MATRIX.row(
        "a body that is not JSON",
        DecodeException.class,
        RECONNECTS,
        "nothing (polled again after the backoff)",
        first(json("{oops")));
    MATRIX.row(
        "`200` with an HTML page (not a batch: polling is unavailable)",
        ProtocolException.class,
        RECONNECTS,
        "nothing (polled again after the backoff; falls back when another transport is listed)",
        first(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n"
                + "<html></html>"));
    MATRIX.row(
        "an HTML page declared `application/json`",
        DecodeException.class,
        RECONNECTS,
        "nothing (polled again after the backoff)",
        first(json("<html></html>")));
    MATRIX.row(
        "a batch under `Content-Type: text/plain`",
        null,
        GOES_ON,
        "nothing (read as a batch)",
        s ->
            s.answer(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + ("[" + GOOD_ENVELOPE + "]").length()
                    + "\r\n\r\n["
                    + GOOD_ENVELOPE
                    + "]"));
    MATRIX.row(
        "JSON that is not a batch (`{\"name\":\"x\"}`)",
        DecodeException.class,
        GOES_ON,
        "nothing (said once per connection)",
        first(json("{\"name\":\"x\"}")));
    MATRIX.row(
        "an envelope whose `id` is an object",
        DecodeException.class,
        GOES_ON,
        "that envelope",
        before("{\"id\":{\"x\":1},\"data\":1}"));
    MATRIX.row(
        "an envelope without `id`",
        null,
        GOES_ON,
        "nothing (delivered without an id, not de-duplicated)",
        before("{\"type\":\"t\",\"data\":1}"));
    MATRIX.row(
        "an envelope without `data`",
        DecodeException.class,
        GOES_ON,
        "that envelope",
        before("{\"id\":\"x\",\"type\":\"t\"}"));
    MATRIX.row(
        "an array where an envelope is expected",
        DecodeException.class,
        GOES_ON,
        "that element",
        before("[1,2]"));
    MATRIX.row(
        "a `cursor` that is an object",
        DecodeException.class,
        RECONNECTS,
        "nothing (polled again after the backoff)",
        first(json("{\"messages\":[],\"cursor\":{\"x\":1}}")));
    MATRIX.brokenHeadRows(ConnectionException.class, "HTTP/1.1 200 OK", GOOD_POLL);
    MATRIX.unreachableRows("http");
  }

  static Stream<BadInputCase> cases() {
    return MATRIX.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRowHolds(BadInputCase row) throws Exception {
    MATRIX.check(row, s -> s.url("/feed"), PollBadInputMatrixTest::config, WAIT);
  }

  static SubscriptionConfig config(String url) {
    return SubscriptionConfig.builder()
        .transport("shortpoll")
        .url(url)
        .maxMessageSize(64 * 1024)
        .option(PollOptions.MAX_BODY_SIZE, 1L << 20)
        .option(PollOptions.MAX_BATCH_SIZE, 5)
        .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(50))
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
