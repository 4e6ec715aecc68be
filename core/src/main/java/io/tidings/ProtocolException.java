package io.tidings;

/** The server broke the transport's protocol (wrong content type, bad framing, refused upgrade). */
public final class ProtocolException extends TidingsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ProtocolException(String message, Throwable cause) {
    super(FailureKind.PROTOCOL, message, cause);
  }

  /** Creates the exception without a cause. */
  public ProtocolException(String message) {
    this(message, null);
  }
}
