package io.tidings;

import java.time.Duration;

/** Nothing (no byte, event or heartbeat) arrived for longer than the stall timeout. */
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

  /** The stall timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
