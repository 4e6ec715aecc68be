package io.tidings;

/**
 * A message exceeded {@code tidings.max-message-size}. It was discarded without being held whole in
 * memory.
 */
public final class MessageTooLargeException extends TidingsException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the configured limit in bytes
   * @param message what was refused, and which key raises the limit
   */
  public MessageTooLargeException(long limit, String message) {
    super(FailureKind.MESSAGE_TOO_LARGE, message);
    this.limit = limit;
  }

  /** The configured limit in bytes. */
  public long limit() {
    return limit;
  }
}
