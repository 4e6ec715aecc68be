package io.tidings.websocket.internal;

import io.tidings.ConnectionException;
import io.tidings.HttpStatusException;
import io.tidings.ProtocolException;
import io.tidings.StallException;
import io.tidings.TidingsException;
import io.tidings.spi.HttpFailures;
import io.tidings.spi.Redactor;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Response;

/** Turns what OkHttp's {@code WebSocketListener.onFailure} reports into a Tidings exception. */
public final class WebSocketFailures {
  /** The HTTP status of a successful upgrade. */
  static final int SWITCHING_PROTOCOLS = 101;

  /** Appended to a refused upgrade's message. */
  static final String PROXY_HINT =
      "; the WebSocket upgrade was refused: if a proxy or firewall sits in between it may be"
          + " blocking WebSocket upgrades, and tidings.transport=sse or longpoll work through it";

  /** How OkHttp starts the message of the exception it fails a socket with when a pong is late. */
  static final String OKHTTP_PONG_TIMEOUT_PREFIX = "sent ping but didn't receive pong";

  private WebSocketFailures() {}

  /**
   * HTTP statuses that, answering an upgrade, say "no WebSocket here" rather than "not you": the
   * transport is unavailable on this path ({@link io.tidings.FailureDecision#FALL_BACK}). 403 is
   * included because servers and proxies answer an upgrade they do not serve with it (nginx + nchan
   * does).
   */
  public static final Set<Integer> REFUSED_UPGRADE_STATUSES = Set.of(400, 403, 404, 405, 426, 501);

  /**
   * Marks, as the cause of a {@link ProtocolException}, a connection that closed after the upgrade
   * request went out and before {@code 101 Switching Protocols} came back: something in the path
   * does not pass upgrades.
   */
  static final class ClosedBeforeUpgrade extends IOException {
    private static final long serialVersionUID = 1L;

    ClosedBeforeUpgrade(Throwable cause) {
      super("closed before 101 Switching Protocols", cause);
    }
  }

  /**
   * The exception for a failure.
   *
   * @param failure what OkHttp reported, not null
   * @param response the upgrade response when the upgrade failed, or null
   * @param url the upgrade URL, for the message (shown without its query)
   * @param upgraded whether the upgrade had succeeded
   * @param pingInterval {@code tidings.websocket.ping-interval}, the timeout of a late pong
   * @param stallTimeout the read timeout in force
   */
  public static TidingsException of(
      Throwable failure,
      Response response,
      HttpUrl url,
      boolean upgraded,
      Duration pingInterval,
      Duration stallTimeout) {
    return of(failure, response, url, upgraded, pingInterval, stallTimeout, Redactor.NONE);
  }

  /**
   * {@link #of(Throwable, Response, HttpUrl, boolean, Duration, Duration)} with the subscription's
   * secrets (and those the upgrade request shows) redacted.
   */
  public static TidingsException of(
      Throwable failure,
      Response response,
      HttpUrl url,
      boolean upgraded,
      Duration pingInterval,
      Duration stallTimeout,
      Redactor redactor) {
    Redactor r = redactor.and(Redactor.forUrl(url));
    if (response != null) {
      r = r.and(Redactor.forRequest(response.request()));
    }
    return r.sanitize(unredacted(failure, response, url, upgraded, pingInterval, stallTimeout));
  }

  private static TidingsException unredacted(
      Throwable failure,
      Response response,
      HttpUrl url,
      boolean upgraded,
      Duration pingInterval,
      Duration stallTimeout) {
    if (response != null && response.code() != SWITCHING_PROTOCOLS) {
      return refused(response);
    }
    if (failure instanceof TidingsException) {
      return (TidingsException) failure;
    }
    String where = " (" + HttpFailures.displayUrl(url) + ")";
    if (failure instanceof SocketTimeoutException
        && String.valueOf(failure.getMessage()).startsWith(OKHTTP_PONG_TIMEOUT_PREFIX)) {
      return new StallException(
          "The server did not answer a WebSocket ping in time ("
              + failure.getMessage()
              + "); see tidings.websocket.ping-interval"
              + where,
          pingInterval,
          failure);
    }
    if (!upgraded && isEndOfStream(failure)) {
      return new ProtocolException(
          "The connection closed before the WebSocket upgrade was answered (no 101 Switching"
              + " Protocols)"
              + where
              + PROXY_HINT,
          new ClosedBeforeUpgrade(failure));
    }
    if (failure instanceof java.net.ProtocolException) {
      return new ProtocolException(
          "The server broke the WebSocket protocol: " + failure.getMessage() + where, failure);
    }
    if (failure instanceof IOException) {
      return HttpFailures.io((IOException) failure, url, stallTimeout);
    }
    return new ConnectionException(
        "WebSocket failed: "
            + failure.getClass().getSimpleName()
            + ": "
            + failure.getMessage()
            + where,
        failure);
  }

  /** True for a failure that says "the other side closed the connection" (no answer at all). */
  private static boolean isEndOfStream(Throwable failure) {
    return failure instanceof EOFException
        || String.valueOf(failure.getMessage()).contains("unexpected end of stream");
  }

  /**
   * Whether this failure, reported by a WebSocket connection, means WebSocket is unavailable on
   * this path: an upgrade refused with one of {@link #REFUSED_UPGRADE_STATUSES}, or a connection
   * closed before {@code 101}.
   */
  public static boolean isUnavailable(TidingsException failure) {
    if (failure instanceof HttpStatusException) {
      // A WebSocket connection gets an HTTP status only as the answer to its upgrade.
      return REFUSED_UPGRADE_STATUSES.contains(((HttpStatusException) failure).statusCode());
    }
    return failure instanceof ProtocolException
        && failure.getCause() instanceof ClosedBeforeUpgrade;
  }

  /**
   * Statuses answering an upgrade that get {@link #PROXY_HINT}: those refusing the upgrade itself,
   * and 502, which a proxy that cannot pass upgrades on answers.
   */
  static final Set<Integer> PROXY_HINT_STATUSES = Set.of(400, 403, 404, 405, 426, 501, 502);

  /**
   * The exception for an upgrade answered with an HTTP status other than 101: {@link
   * HttpFailures#status}, with a hint that a proxy may be blocking WebSocket upgrades when the
   * status is one of {@link #PROXY_HINT_STATUSES}; a 503 or a 401 says nothing about WebSocket and
   * gets no such hint.
   */
  public static HttpStatusException refused(Response response) {
    HttpStatusException status = HttpFailures.status(response);
    if (!PROXY_HINT_STATUSES.contains(status.statusCode())) {
      return status;
    }
    return new HttpStatusException(
        status.statusCode(), status.getMessage() + PROXY_HINT, status.retryAfter().orElse(null));
  }
}
