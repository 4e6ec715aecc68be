package io.tidings.spi;

/** What a transport can do beyond receiving messages. */
public enum Capability {
  /** Can send messages to the server ({@code Subscription.send}). */
  SEND,
  /** Can receive binary messages. */
  BINARY,
  /** The server can set the reconnect delay in-band (SSE {@code retry:}). */
  RETRY_HINT,
  /** Many subscriptions can share one TCP connection over HTTP/2. */
  MULTIPLEXING
}
