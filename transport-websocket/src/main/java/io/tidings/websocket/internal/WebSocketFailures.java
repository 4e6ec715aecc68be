package io.tidings.websocket.internal;

import io.tidings.ConnectionException;
import io.tidings.FailureKind;
import io.tidings.HttpStatusException;
import io.tidings.ProtocolException;
import io.tidings.TidingsException;
import io.tidings.spi.HttpFailures;
import io.tidings.spi.Redactor;
import java.io.IOException;
import java.net.SocketTimeoutException;
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
   * The exception for a failure.
   *
   * @param failure what OkHttp reported, not null
   * @param response the upgrade response when the upgrade failed, or null
   * @param url the upgrade URL, for the message (shown without its query)
   */
  public static TidingsException of(Throwable failure, Response response, HttpUrl url) {
    return of(failure, response, url, Redactor.NONE);
  }

  /** {@link #of(Throwable, Response, HttpUrl)} with the subscription's secrets redacted. */
  public static TidingsException of(
      Throwable failure, Response response, HttpUrl url, Redactor redactor) {
    Redactor r = redactor.and(Redactor.forUrl(url));
    if (response != null) {
      r = r.and(Redactor.forRequest(response.request()));
    }
    return r.sanitize(unredacted(failure, response, url));
  }

  private static TidingsException unredacted(Throwable failure, Response response, HttpUrl url) {
    if (response != null && response.code() != SWITCHING_PROTOCOLS) {
      return refused(response);
    }
    if (failure instanceof TidingsException) {
      return (TidingsException) failure;
    }
    String where = " (" + HttpFailures.displayUrl(url) + ")";
    if (failure instanceof SocketTimeoutException
        && String.valueOf(failure.getMessage()).startsWith(OKHTTP_PONG_TIMEOUT_PREFIX)) {
      return new TidingsException(
          FailureKind.TIMEOUT,
          "The server did not answer a WebSocket ping in time ("
              + failure.getMessage()
              + "); see tidings.websocket.ping-interval"
              + where,
          failure);
    }
    if (failure instanceof java.net.ProtocolException) {
      return new ProtocolException(
          "The server broke the WebSocket protocol: " + failure.getMessage() + where, failure);
    }
    if (failure instanceof IOException) {
      return HttpFailures.io((IOException) failure, url);
    }
    return new ConnectionException(
        "WebSocket failed: "
            + failure.getClass().getSimpleName()
            + ": "
            + failure.getMessage()
            + where,
        failure);
  }

  /**
   * The exception for an upgrade answered with an HTTP status other than 101: {@link
   * HttpFailures#status} with a hint that a proxy may be blocking WebSocket upgrades.
   */
  public static HttpStatusException refused(Response response) {
    HttpStatusException status = HttpFailures.status(response);
    return new HttpStatusException(
        status.statusCode(), status.getMessage() + PROXY_HINT, status.retryAfter().orElse(null));
  }
}
