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

  /** Creates the exception for the given stall timeout, as configured. */
  public StallException(Duration timeout) {
    this(timeout, timeout, null, false);
  }

  /**
   * Creates the exception for the stall timeout in force, which the transport may have raised above
   * the configured one (a long poll's wait plus a margin is silence by design); the message names
   * both and why they differ.
   *
   * @param timeout the timeout in force, not null
   * @param configured {@code tidings.stall-timeout}, not null
   * @param transport the transport's name, or null
   */
  public StallException(Duration timeout, Duration configured, String transport) {
    this(timeout, configured, transport, false);
  }

  /**
   * As {@link #StallException(Duration, Duration, String)}, for a connection that opened and then
   * sent nothing at all when {@code silentSinceOpen} (see {@link #silentSinceOpen()}).
   */
  public StallException(
      Duration timeout, Duration configured, String transport, boolean silentSinceOpen) {
    super(FailureKind.TIMEOUT, stallMessage(timeout, configured, transport, silentSinceOpen));
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

  private static String stallMessage(
      Duration timeout, Duration configured, String transport, boolean silentSinceOpen) {
    String which =
        timeout.equals(configured)
            ? " (tidings.stall-timeout)"
            : ": tidings.stall-timeout="
                + configured.toMillis()
                + " ms, raised to "
                + timeout.toMillis()
                + " ms, the longest a healthy "
                + (transport == null ? "" : transport + " ")
                + "connection stays silent with this configuration (its wait or interval plus a"
                + " margin)";
    return silentSinceOpen
        ? "Connected, but not a byte arrived in "
            + timeout.toMillis()
            + " ms"
            + which
            + ": something in the path may be buffering the stream; the connection is replaced"
        : "No data or heartbeat for "
            + timeout.toMillis()
            + " ms"
            + which
            + "; the connection is presumed dead and will be replaced";
  }

  /**
   * The timeout that passed: for a stall, the one in force, which may exceed the configured one.
   */
  public Duration timeout() {
    return timeout;
  }
}
