package io.tidings;

/**
 * One message could not be decoded (invalid JSON, a missing field, a type mismatch in {@link
 * Message#as(Class)}). Reported through {@link SubscriptionListener#onError}; the subscription goes
 * on.
 */
public final class DecodeException extends TidingsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public DecodeException(String message, Throwable cause) {
    super(FailureKind.DECODE, message, cause);
  }
}
