package io.tidings;

import java.time.Duration;

/** Nothing (no byte, event or heartbeat) arrived for longer than the stall timeout. */
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
    super(FailureKind.TIMEOUT, message(timeout, configured, transport));
    this.timeout = timeout;
  }

  private static String message(Duration timeout, Duration configured, String transport) {
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

  /** The stall timeout that passed: the one in force, which may exceed the configured one. */
  public Duration timeout() {
    return timeout;
  }
}
