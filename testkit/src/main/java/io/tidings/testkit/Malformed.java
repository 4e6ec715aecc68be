package io.tidings.testkit;

/**
 * Kinds of malformed data {@link Faults} can slip between good messages. None carries an id, so
 * none consumes a sequence number: the good messages stay 1, 2, 3, ….
 *
 * <p>On the poll transports the batch itself stays valid JSON: every kind but {@link #OVERSIZED} is
 * sent as a batch element that is not an envelope object.
 */
public enum Malformed {
  /** A truncated JSON envelope (WebSocket), or SSE {@code data:} holding truncated JSON. */
  BROKEN_JSON,
  /** Data that is not JSON at all. */
  NOT_JSON,
  /**
   * Bytes that are not valid UTF-8: in an SSE {@code data:} line, or a binary WebSocket frame (a
   * text frame with invalid UTF-8 would break the WebSocket protocol itself).
   */
  INVALID_UTF8,
  /**
   * A well-formed message without id whose data is a JSON string of the size given to {@link
   * Faults#injectOversized(int)}, for testing {@code tidings.max-message-size}.
   */
  OVERSIZED
}
