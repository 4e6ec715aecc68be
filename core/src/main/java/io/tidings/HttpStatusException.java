package io.tidings;

import java.time.Duration;
import java.util.Optional;

/** The server answered with an HTTP status the transport cannot use. */
public final class HttpStatusException extends TidingsException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final transient Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status code
   * @param message what happened, naming the URL without its query
   * @param retryAfter the server's {@code Retry-After}, or null when absent or unparseable
   */
  public HttpStatusException(int statusCode, String message, Duration retryAfter) {
    super(FailureKind.HTTP_STATUS, message);
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  /** The delay the server asked for with {@code Retry-After}, if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
