package io.tidings.polling.internal;

import io.tidings.ProtocolException;
import io.tidings.TidingsException;
import io.tidings.spi.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The cause of the {@link ProtocolException} that ends a poll connection whose {@code 2xx} answer
 * is not a batch at all, so polling is unavailable on this path and the poll providers' {@code
 * classify} reads it as a fall-back. In the {@code json} format an answer is <em>not a batch</em>
 * when both hold:
 *
 * <ul>
 *   <li>its {@code Content-Type} does not say JSON ({@code application/json}, {@code
 *       application/*+json}, {@code text/json}), or is missing; and
 *   <li>its body does not start like JSON: the first byte after blanks (and a UTF-8 byte order
 *       mark) is not {@code [} or {@code {}.
 * </ul>
 *
 * That is an HTML error, login or block page of a proxy, a captive portal or a misrouted path, a
 * plain-text error, an image. Everything else is read as today: an empty body is nothing new, JSON
 * under any content type is parsed as a batch, a body declared JSON that is broken is a {@link
 * io.tidings.DecodeException} retried on the same transport (the server speaks the protocol and
 * sent one bad answer), and JSON that is not a batch (a REST resource) is reported once and polled
 * again. The {@code raw} format has no such rule: any body is a message.
 *
 * <p>Immutable; the text it holds is redacted and bounded.
 */
public final class NotABatch extends Exception {
  private static final long serialVersionUID = 1L;

  /** Bytes of the body quoted in the message, at most. */
  public static final int SHOWN_BYTES = 120;

  private final int status;
  private final String contentType;
  private final String start;

  private NotABatch(int status, String contentType, String start) {
    super(
        "HTTP " + status + ", " + (contentType == null ? "no Content-Type" : contentType),
        null,
        false,
        false);
    this.status = status;
    this.contentType = contentType;
    this.start = start;
  }

  /** The status of the answer (a {@code 2xx}). */
  public int status() {
    return status;
  }

  /** The answer's {@code Content-Type}, empty when it had none. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** The first bytes of the body as text, at most {@link #SHOWN_BYTES}, redacted. */
  public String start() {
    return start;
  }

  /**
   * Whether {@code failure} is the end of a poll connection answered with something not a batch.
   */
  public static boolean isCauseOf(TidingsException failure) {
    return failure.getCause() instanceof NotABatch;
  }

  /** Whether a {@code Content-Type} header value says JSON. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || type.equals("text/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  /**
   * Whether the body may be JSON: empty or blank, or its first byte after blanks and a byte order
   * mark is {@code [} or {@code {}.
   *
   * @param start the first bytes of the body
   * @param length how many of them were read
   */
  static boolean mayBeJson(byte[] start, int length) {
    int i = 0;
    if (length >= 3
        && (start[0] & 0xff) == 0xEF
        && (start[1] & 0xff) == 0xBB
        && (start[2] & 0xff) == 0xBF) {
      i = 3;
    }
    for (; i < length; i++) {
      byte b = start[i];
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '[' || b == '{';
    }
    return true; // blank so far: the batch reader decides
  }

  /**
   * The failure for an answer that is not a batch, or null when it may be one (see the class
   * comment).
   *
   * @param status the answer's status
   * @param contentType its {@code Content-Type}, null when missing
   * @param start the first bytes of its body
   * @param length how many of them were read
   * @param where the URL polled, for display (without query or user info)
   * @param redactor removes the subscription's secrets from the quoted body
   */
  public static ProtocolException check(
      int status, String contentType, byte[] start, int length, String where, Redactor redactor) {
    if (isJson(contentType) || mayBeJson(start, length)) {
      return null;
    }
    String type = contentType == null ? null : redactor.redact(contentType);
    String shown =
        redactor.redact(
            new String(start, 0, Math.min(length, SHOWN_BYTES), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ")
                .trim());
    if (length > SHOWN_BYTES) {
      shown += "…";
    }
    NotABatch cause = new NotABatch(status, type, shown);
    return new ProtocolException(
        "A poll to "
            + where
            + " was answered with HTTP "
            + status
            + " and "
            + (type == null ? "no Content-Type" : "Content-Type " + type)
            + ", which is not a batch (JSON): "
            + shown
            + ". Something in the path (a proxy's error or login page, a captive portal, a"
            + " wrong path) answers instead of the feed, so polling is unavailable here; check"
            + " tidings.url and the proxies between, list another transport in tidings.transport,"
            + " or set tidings.format=raw to receive any body as one message",
        cause);
  }
}
