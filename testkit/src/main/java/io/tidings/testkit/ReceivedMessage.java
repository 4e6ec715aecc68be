package io.tidings.testkit;

import java.nio.charset.StandardCharsets;

/**
 * A WebSocket message a client sent to the {@link ReferenceServer}. Immutable.
 *
 * @param text the text of a text message, or null for a binary one
 * @param bytes the bytes of a binary message, or null for a text one (do not modify)
 */
public record ReceivedMessage(String text, byte[] bytes) {
  /** True for a binary message. */
  public boolean isBinary() {
    return bytes != null;
  }

  /** The text, or the bytes decoded as UTF-8. */
  public String asText() {
    return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
  }
}
