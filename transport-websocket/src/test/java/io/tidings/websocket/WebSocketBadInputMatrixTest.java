package io.tidings.websocket;

import static io.tidings.testkit.junit.BadInputCase.GOOD_ENVELOPE;
import static io.tidings.testkit.junit.BadInputCase.Then.ENDS;
import static io.tidings.testkit.junit.BadInputCase.Then.GOES_ON;
import static io.tidings.testkit.junit.BadInputCase.Then.RECONNECTS;
import static io.tidings.testkit.junit.BadInputMatrix.status;
import static io.tidings.websocket.WebSocketHostileServerTest.frame;
import static io.tidings.websocket.WebSocketHostileServerTest.text;

import io.tidings.DecodeException;
import io.tidings.HttpStatusException;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.ServerClosedException;
import io.tidings.StallException;
import io.tidings.SubscriptionConfig;
import io.tidings.testkit.ScriptedHttpServer;
import io.tidings.testkit.junit.BadInputCase;
import io.tidings.testkit.junit.BadInputMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WebSocket rows of the README's bad-input matrix: each a scripted server on a raw socket
 * (handshake and frames written byte by byte) and the outcome the row states, checked.
 */
class WebSocketBadInputMatrixTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final byte[] GOOD = text(GOOD_ENVELOPE);

  private static final BadInputMatrix MATRIX = new BadInputMatrix("WebSocket");

  /** Upgrades (with this accept value, or the right one when null), writes the bytes, holds. */
  private static ScriptedHttpServer.Responder upgrade(String accept, byte[]... frames) {
    return upgrade(accept, true, frames);
  }

  private static ScriptedHttpServer.Responder upgrade(
      String accept, boolean pongs, byte[]... frames) {
    return (head, in, out) -> {
      String key = header(head, "sec-websocket-key");
      String value =
          accept != null
              ? accept
              : Base64.getEncoder()
                  .encodeToString(
                      MessageDigest.getInstance("SHA-1")
                          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + value
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (byte[] f : frames) {
        out.write(f);
      }
      out.flush();
      answerClient(in, out, pongs);
    };
  }

  /** The good message on the upgraded connection. */
  private static final ScriptedHttpServer.Responder GOOD_CONNECTION = upgrade(null, GOOD);

  /** The bad answer to the first connection, the good message on the next ones. */
  private static Consumer<ScriptedHttpServer> first(ScriptedHttpServer.Responder bad) {
    return s -> s.respond(bad).respond(GOOD_CONNECTION);
  }

  private static Consumer<ScriptedHttpServer> first(String bad) {
    return s -> s.answer(bad).respond(GOOD_CONNECTION);
  }

  /** These frames, then the good message, on one connection. */
  private static Consumer<ScriptedHttpServer> before(byte[]... frames) {
    byte[][] all = java.util.Arrays.copyOf(frames, frames.length + 1);
    all[frames.length] = GOOD;
    return s -> s.respond(upgrade(null, all)).respond(GOOD_CONNECTION);
  }

  private static byte[] close(int code, String reason) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(code >> 8);
    p.write(code & 0xFF);
    p.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
    return frame(8, true, p.toByteArray());
  }

  /** Reads the client's frames; answers pings (when asked to), and a close frame, then returns. */
  private static void answerClient(InputStream in, OutputStream out, boolean pongs)
      throws IOException {
    while (true) {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0) {
        return;
      }
      long len = b1 & 0x7F;
      if (len == 126) {
        len = (in.read() << 8) | in.read();
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | in.read();
        }
      }
      byte[] mask = in.readNBytes(4);
      byte[] payload = in.readNBytes((int) len);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
      if ((b0 & 0x0F) == 9 && pongs) {
        out.write(frame(10, true, payload));
        out.flush();
      } else if ((b0 & 0x0F) == 8) {
        out.write(frame(8, true, new byte[] {(byte) 0x03, (byte) 0xE8}));
        out.flush();
        return;
      }
    }
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new IllegalStateException("No " + name + " in " + head);
  }

  static {
    MATRIX.row(
        "the upgrade answered `200 OK`",
        HttpStatusException.class,
        RECONNECTS,
        "nothing",
        first("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n"));
    MATRIX.row(
        "the upgrade answered `403`",
        HttpStatusException.class,
        ENDS,
        "everything after (fatal status)",
        s -> s.answer(status(403, "Forbidden")));
    MATRIX.row(
        "the upgrade answered `426 Upgrade Required`",
        HttpStatusException.class,
        RECONNECTS,
        "nothing",
        first(status(426, "Upgrade Required")));
    MATRIX.row(
        "a wrong `Sec-WebSocket-Accept`",
        ProtocolException.class,
        RECONNECTS,
        "nothing",
        first(upgrade("bm90IHRoZSByaWdodCBrZXk=")));
    MATRIX.row(
        "garbage after the handshake",
        ProtocolException.class,
        RECONNECTS,
        "nothing",
        first(upgrade(null, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
    ByteArrayOutputStream invalid = new ByteArrayOutputStream();
    invalid.writeBytes("{\"id\":\"a\",\"data\":\"".getBytes(StandardCharsets.UTF_8));
    invalid.write(0xFF);
    invalid.write(0xFE);
    invalid.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    MATRIX.row(
        "invalid UTF-8 in a text frame",
        DecodeException.class,
        RECONNECTS,
        "that frame (the connection is failed with 1007)",
        first(upgrade(null, frame(1, true, invalid.toByteArray()))));
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'x');
    MATRIX.row(
        "a frame over `max-message-size` (200 KB, limit 64 KiB)",
        MessageTooLargeException.class,
        GOES_ON,
        "that frame (skipped from its header, never buffered)",
        before(frame(2, true, big)));
    MATRIX.row(
        "a text frame that is not JSON",
        DecodeException.class,
        GOES_ON,
        "that frame",
        before(text("{not json")));
    MATRIX.row(
        "an envelope whose `id` is an object",
        DecodeException.class,
        GOES_ON,
        "that frame",
        before(text("{\"id\":{\"x\":1},\"data\":1}")));
    for (int code : new int[] {1000, 1001, 1011, 4000}) {
      MATRIX.row(
          "a close frame with code " + code,
          ServerClosedException.class,
          RECONNECTS,
          "nothing",
          first(upgrade(null, close(code, "bye"))));
    }
    MATRIX.row(
        "a close frame with code 1008 (policy)",
        ServerClosedException.class,
        ENDS,
        "everything after (`websocket.fatal-close-codes`)",
        s -> s.respond(upgrade(null, close(1008, "policy"))));
    MATRIX.row(
        "no pong to our pings",
        StallException.class,
        RECONNECTS,
        "nothing",
        first(upgrade(null, false)));
    MATRIX.row(
        "a TCP accept and then silence (no handshake answer)",
        StallException.class,
        RECONNECTS,
        "nothing",
        s -> s.answer(ScriptedHttpServer.HOLD).respond(GOOD_CONNECTION));
    MATRIX.brokenHeadRows(
        ProtocolException.class,
        "HTTP/1.1 101 Switching Protocols",
        s -> s.respond(GOOD_CONNECTION));
    MATRIX.unreachableRows("ws");
  }

  static Stream<BadInputCase> cases() {
    return MATRIX.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRowHolds(BadInputCase row) throws Exception {
    MATRIX.check(
        row,
        s -> s.url("/feed").replace("http:", "ws:"),
        url -> {
          SubscriptionConfig.Builder config = config(url).toBuilder();
          if (row.input().contains("pong")) {
            // Only here: a short ping interval elsewhere could fail a healthy socket on a busy
            // machine.
            config.option(WebSocketTransportProvider.PING_INTERVAL, Duration.ofMillis(300));
          }
          if (row.input().contains("silence")) {
            config.stallTimeout(Duration.ofSeconds(2));
          }
          return config.build();
        },
        WAIT);
  }

  static SubscriptionConfig config(String url) {
    return SubscriptionConfig.builder()
        .transport("websocket")
        .url(url)
        .maxMessageSize(64 * 1024)
        .reconnectPolicy(
            ReconnectPolicy.exponentialBackoff()
                .initialDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(100))
                .build())
        .build();
  }

  @Test
  void theReadmeStatesTheRows() throws Exception {
    MATRIX.assertDocumented(Path.of("..", "README.md"));
  }
}
