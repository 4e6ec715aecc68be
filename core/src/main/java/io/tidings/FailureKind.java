package io.tidings;

/** What went wrong, as classified by core to decide whether to reconnect. */
public enum FailureKind {
  /** A configuration file, key or value is invalid. Never retried. */
  CONFIGURATION,
  /** The network failed: DNS, connection refused or reset, TLS. Retried. */
  NETWORK,
  /** Nothing arrived for longer than the stall timeout, or a request timed out. Retried. */
  TIMEOUT,
  /** The server answered with an unexpected HTTP status. Retried unless the status is fatal. */
  HTTP_STATUS,
  /** The server broke the protocol: wrong content type, bad framing, a refused upgrade. */
  PROTOCOL,
  /** One message could not be decoded; reported, the subscription goes on. */
  DECODE,
  /** One message exceeded {@code tidings.max-message-size}; reported, never buffered whole. */
  MESSAGE_TOO_LARGE,
  /** The server closed the connection (end of stream, WebSocket close frame). */
  CLOSED_BY_SERVER,
  /** The reconnect policy ran out of attempts or time. Terminal. */
  GAVE_UP,
  /** The transport cannot do this (for example {@code send} over polling). */
  UNSUPPORTED,
  /** The subscription is not open (yet, or any more). */
  NOT_OPEN,
  /** A bounded queue is full. */
  OVERFLOW
}
