package io.tidings.testkit;

/**
 * How {@link Faults#makeUnavailable} makes one transport unavailable, the ways proxies, firewalls
 * and misconfigured servers do. Each is a signal Tidings reads as "this transport does not work on
 * this path" and falls back on.
 */
public enum Unavailable {
  /** WebSocket: the upgrade is answered with {@code 426 Upgrade Required} instead of 101. */
  REFUSE_UPGRADE,
  /**
   * WebSocket: the connection is closed as soon as the upgrade request arrives, before any answer
   * (no {@code 101 Switching Protocols}), as by a firewall that drops upgrades.
   */
  CLOSE_BEFORE_UPGRADE,
  /** SSE: a {@code 200} HTML page (a login or error page of a proxy) instead of an event stream. */
  WRONG_CONTENT_TYPE,
  /**
   * SSE: {@code 200 text/event-stream} headers, then nothing ever arrives, as behind a proxy that
   * buffers the body; the response is held until the client gives up.
   */
  BUFFERED,
  /**
   * Short or long polling: a {@code 200 text/html} error page (a proxy's or a captive portal's)
   * instead of a batch.
   */
  ERROR_PAGE
}
