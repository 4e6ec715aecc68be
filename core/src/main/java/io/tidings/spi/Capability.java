package io.tidings.spi;

/** What a transport can do beyond receiving messages. */
public enum Capability {
  /** Can send messages to the server ({@code Subscription.send}). */
  SEND
}
