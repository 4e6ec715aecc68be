package io.tidings;

/** How the payload of a text or binary frame is read ({@code tidings.format}). */
public enum MessageFormat {
  /**
   * A JSON envelope {@code {"id": …, "type": …, "seq": …, "data": …}}; polling bodies are a JSON
   * batch of them. SSE events carry id and type in their own fields and data as is.
   */
  JSON,
  /** The payload is the data itself; ids come from the transport (SSE {@code id:}, an ETag). */
  RAW
}
