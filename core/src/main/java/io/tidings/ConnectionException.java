package io.tidings;

/** The network failed: connection refused or reset, DNS, TLS, an I/O error mid-stream. */
public final class ConnectionException extends TidingsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ConnectionException(String message, Throwable cause) {
    super(FailureKind.NETWORK, message, cause);
  }
}
