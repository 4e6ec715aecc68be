package io.tidings;

import java.time.Duration;

/**
 * A timeout, always of kind {@link FailureKind#TIMEOUT}: nothing (no byte, event or heartbeat)
 * arrived for longer than the stall timeout, a read or call timed out, or a WebSocket pong did not
 * come back in time. Retried like a network failure, except that a stream which opened and then
 * sent nothing at all ({@link #silentSinceOpen()}) tells a transport that something in the path
 * buffers it (an SSE transport falls back on it when another transport is configured).
 */
public final class StallException extends TidingsException {
  private static final long serialVersionUID = 1L;

  private final transient Duration timeout;
  private final boolean silentSinceOpen;

  /** Creates the exception for the given stall timeout. */
  public StallException(Duration timeout) {
    this(timeout, false);
  }

  /**
   * Creates the exception for the given stall timeout.
   *
   * @param silentSinceOpen true when the connection opened and then nothing at all arrived
   */
  public StallException(Duration timeout, boolean silentSinceOpen) {
    super(
        FailureKind.TIMEOUT,
        silentSinceOpen
            ? "Connected, but not a byte arrived in "
                + timeout.toMillis()
                + " ms (tidings.stall-timeout): something in the path may be buffering the"
                + " stream; the connection is replaced"
            : "No data or heartbeat for "
                + timeout.toMillis()
                + " ms (tidings.stall-timeout); the connection is presumed dead and will be"
                + " replaced");
    this.timeout = timeout;
    this.silentSinceOpen = silentSinceOpen;
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
    this.silentSinceOpen = false;
  }

  /**
   * True when the connection opened and then nothing at all (no byte, comment or heartbeat) arrived
   * before the stall timeout: the sign of a proxy that buffers a stream.
   */
  public boolean silentSinceOpen() {
    return silentSinceOpen;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
