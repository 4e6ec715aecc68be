package io.tidings.testkit;

/**
 * Kinds of malformed data {@link Faults} can slip between good messages. None carries an id, so
 * none consumes a sequence number: the good messages stay 1, 2, 3, ….
 *
 * <p>On the poll transports the batch itself stays valid JSON: every kind but {@link #OVERSIZED}
 * and {@link #BAD_SSE_LINES} is sent as a batch element that is not an envelope object.
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
  OVERSIZED,
  /**
   * SSE only: syntactically bad lines that a client following the HTML specification ignores,
   * reporting nothing: a line without colon naming an unknown field, a line of garbage, {@code
   * retry:} values that are not digits, {@code id:} values containing NUL (which must not change
   * the last event id), and lines ending in a lone CR. First a block of them ended by a blank line
   * (no {@code data}, so no event is dispatched), then more of them without a blank line, so they
   * sit inside the next message's event, before its own fields. On WebSocket and the poll
   * transports, which have no such line syntax, nothing is sent.
   */
  BAD_SSE_LINES
}
