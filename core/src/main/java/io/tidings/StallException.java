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

  /** Creates the exception for the given stall timeout, as configured. */
  public StallException(Duration timeout) {
    this(timeout, timeout, null);
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
    super(FailureKind.TIMEOUT, stallMessage(timeout, configured, transport));
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

  private static String stallMessage(Duration timeout, Duration configured, String transport) {
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
    return "No data or heartbeat for "
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
