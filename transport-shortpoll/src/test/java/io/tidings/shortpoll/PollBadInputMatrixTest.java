package io.tidings.shortpoll;

import static io.tidings.testkit.junit.BadInputCase.GOOD_ENVELOPE;
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
import io.tidings.polling.PollOptions;
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

  private static final Map<BadInputCase, Consumer<ScriptedHttpServer>> CASES =
      new LinkedHashMap<>();

  /** Rows whose subscription goes somewhere other than the scripted server. */
  private static final Map<BadInputCase, String> URLS = new java.util.HashMap<>();

  private static void rowAt(String input, Class<? extends Throwable> reported, String url) {
    BadInputCase c =
        new BadInputCase("short poll", input, reported, BadInputCase.Then.RETRIES, "nothing yet");
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
    CASES.put(new BadInputCase("short poll", input, reported, then, lost), script);
  }

  /** A 200 answer with this JSON body. */
  private static String json(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  /** The bad answer to the first poll, the good batch to the next ones. */
  private static Consumer<ScriptedHttpServer> first(String bad) {
    return s -> s.answer(bad).answer(GOOD);
  }

  /** One batch: these envelopes, then the good one. */
  private static Consumer<ScriptedHttpServer> before(String... envelopes) {
    return first(json("[" + String.join(",", envelopes) + "," + GOOD_ENVELOPE + "]"));
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
    row(
        "a body cut short (`Content-Length: 100`, 20 bytes sent)",
        ConnectionException.class,
        RECONNECTS,
        "nothing (polled again)",
        first(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                + "[{\"id\":\"a\",\"data\""));
    row(
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
    row(
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
    row("an empty `200`", null, GOES_ON, "nothing", first(json("")));
    row("`204 No Content`", null, GOES_ON, "nothing", first(status(204, "No Content")));
    row(
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
    row(
        "`\"more\": true` forever with the same cursor",
        null,
        GOES_ON,
        "nothing (repeats are dropped; polls wait the interval)",
        s ->
            s.answer(
                json("{\"messages\":[" + GOOD_ENVELOPE + "],\"more\":true,\"cursor\":\"c\"}")));
    row(
        "`500` again and again",
        HttpStatusException.class,
        RECONNECTS,
        "nothing",
        s -> s.answer(status(500, "Oops")).answer(status(500, "Oops")).answer(GOOD));
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
            s.answer(status(302, "Found", "Location: /feed"));
          }
          s.answer(GOOD);
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
        "a body that is not JSON",
        DecodeException.class,
        RECONNECTS,
        "nothing (polled again after the backoff)",
        first(json("{oops")));
    row(
        "`200` with an HTML page (not a batch: polling is unavailable)",
        ProtocolException.class,
        RECONNECTS,
        "nothing (polled again after the backoff; falls back when another transport is listed)",
        first(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n"
                + "<html></html>"));
    row(
        "an HTML page declared `application/json`",
        DecodeException.class,
        RECONNECTS,
        "nothing (polled again after the backoff)",
        first(json("<html></html>")));
    row(
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
    row(
        "JSON that is not a batch (`{\"name\":\"x\"}`)",
        DecodeException.class,
        GOES_ON,
        "nothing (said once per connection)",
        first(json("{\"name\":\"x\"}")));
    row(
        "an envelope whose `id` is an object",
        DecodeException.class,
        GOES_ON,
        "that envelope",
        before("{\"id\":{\"x\":1},\"data\":1}"));
    row(
        "an envelope without `id`",
        null,
        GOES_ON,
        "nothing (delivered without an id, not de-duplicated)",
        before("{\"type\":\"t\",\"data\":1}"));
    row(
        "an envelope without `data`",
        DecodeException.class,
        GOES_ON,
        "that envelope",
        before("{\"id\":\"x\",\"type\":\"t\"}"));
    row(
        "an array where an envelope is expected",
        DecodeException.class,
        GOES_ON,
        "that element",
        before("[1,2]"));
    row(
        "a `cursor` that is an object",
        DecodeException.class,
        RECONNECTS,
        "nothing (polled again after the backoff)",
        first(json("{\"messages\":[],\"cursor\":{\"x\":1}}")));
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
      row.verify(config(URLS.getOrDefault(row, server.url("/feed"))), WAIT);
    }
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
    BadInputCase.assertDocumented(Path.of("..", "README.md"), new ArrayList<>(CASES.keySet()));
  }

  static List<BadInputCase> rows() {
    return List.copyOf(CASES.keySet());
  }
}
