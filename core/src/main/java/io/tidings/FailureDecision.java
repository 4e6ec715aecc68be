package io.tidings;

/**
 * What core decided about a failure that ended a connection. One classifier makes the decision for
 * every transport, starting from the transport's own reading ({@code
 * io.tidings.spi.TransportProvider#classify}) and applying core's rules; {@link ReconnectPolicy}
 * then decides when (and whether, within its budget) a retry happens.
 */
public enum FailureDecision {
  /** Connect again on the same transport after the policy's delay. */
  RETRY,
  /**
   * This transport is unavailable here (for example a WebSocket upgrade refused with 400, 403, 404,
   * 405, 426 or 501, or a connection closed before {@code 101 Switching Protocols}): move to the
   * next configured transport. With no other transport configured, a refused status that is fatal
   * ({@link ReconnectPolicy#fatalStatuses()}) gives up, any other is retried.
   */
  FALL_BACK,
  /** The credentials were refused: get fresh ones and connect again at once, once. */
  REAUTHENTICATE,
  /** The server ended the subscription normally (an SSE {@code 204 No Content}). */
  END_NORMALLY,
  /** The failure is fatal: the subscription ends with a {@link GaveUpException}. */
  GIVE_UP
}
