package io.tidings;

import java.time.Duration;

/**
 * The subscription ended because the {@link ReconnectPolicy} ran out of attempts or time, or
 * because a failure was fatal (for example HTTP 401). The cause is the last failure.
 */
public final class GaveUpException extends TidingsException {
  private static final long serialVersionUID = 1L;

  private final int attempts;
  private final transient Duration elapsed;

  /**
   * Creates the exception.
   *
   * @param attempts consecutive failed attempts when giving up
   * @param elapsed time since the last stable connection (or the start)
   * @param message why the subscription gave up
   * @param cause the last failure
   */
  public GaveUpException(int attempts, Duration elapsed, String message, Throwable cause) {
    super(FailureKind.GAVE_UP, message, cause);
    this.attempts = attempts;
    this.elapsed = elapsed;
  }

  /** Consecutive failed attempts when giving up. */
  public int attempts() {
    return attempts;
  }

  /** Time since the last stable connection, or since the start. */
  public Duration elapsed() {
    return elapsed;
  }
}
