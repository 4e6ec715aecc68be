package io.tidings.sse.internal;

/**
 * The cause of the {@link io.tidings.ProtocolException} for a response that is not {@code
 * text/event-stream}: it tells the provider's classifier that SSE is unavailable on this path.
 */
public final class WrongContentType extends Exception {
  private static final long serialVersionUID = 1L;

  WrongContentType(String received) {
    super("Content-Type " + received, null, false, false);
  }
}
