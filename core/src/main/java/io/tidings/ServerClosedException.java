package io.tidings;

import java.util.OptionalInt;

/**
 * The server ended the connection: an event stream reached its end, or a WebSocket close frame
 * arrived (with its code and reason).
 */
public final class ServerClosedException extends TidingsException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param code the WebSocket close code, or -1 when the transport has none
   * @param reason the close reason sent by the server, or empty
   * @param message what happened
   */
  public ServerClosedException(int code, String reason, String message) {
    super(FailureKind.CLOSED_BY_SERVER, message);
    this.code = code;
    this.reason = reason == null ? "" : reason;
  }

  /** The WebSocket close code, if the transport has one. */
  public OptionalInt code() {
    return code < 0 ? OptionalInt.empty() : OptionalInt.of(code);
  }

  /** The close reason sent by the server; empty when none. */
  public String reason() {
    return reason;
  }
}
