package io.tidings;

import java.time.Duration;

/**
 * A timeout, always of kind {@link FailureKind#TIMEOUT}: nothing (no byte, event or heartbeat)
 * arrived for longer than the stall timeout, a read or call timed out, or a WebSocket pong did not
 * come back in time. Retried like a network failure.
 */
public final class StallException extends TidingsException {
  private static final long serialVersionUID = 1L;

  private final transient Duration timeout;

  /** Creates the exception for the given stall timeout. */
  public StallException(Duration timeout) {
    super(
        FailureKind.TIMEOUT,
        "No data or heartbeat for "
            + timeout.toMillis()
            + " ms (tidings.stall-timeout); the connection is presumed dead and will be replaced");
    this.timeout = timeout;
  }

  /**
   * A timeout a transport noticed (a read timeout, a late pong).
   *
   * @param message what timed out, naming the URL without its query
   * @param timeout the timeout that passed, not null
   * @param cause the underlying exception, or null
   */
  public StallException(String message, Duration timeout, Throwable cause) {
    super(FailureKind.TIMEOUT, message, cause);
    this.timeout = java.util.Objects.requireNonNull(timeout, "timeout");
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
