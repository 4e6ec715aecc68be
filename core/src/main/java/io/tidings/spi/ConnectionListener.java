package io.tidings.spi;

import io.tidings.TidingsException;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link Connection} reports to core. Implemented by core, one instance per connection;
 * thread-safe. Calls from a connection that core has closed or replaced are ignored.
 *
 * <p><b>Back-pressure:</b> {@link #onFrame}, {@link #onFrames} and {@link #onError} may block while
 * the subscription's delivery queue is full. Call them from the thread that reads the network, so
 * reading stops; never from a thread that must stay responsive (a timer).
 */
public interface ConnectionListener {
  /** The connection is established (stream open, upgrade done, first poll answered). Once. */
  void onOpen();

  /** A message arrived. May block (back-pressure). */
  void onFrame(Frame frame);

  /**
   * An event arrived (as SSE delivers them): the same as {@code onFrame(Frame.event(id, type,
   * data))}, which the default does, without a {@link Frame} per message when the listener (core's)
   * takes the fields directly. May block (back-pressure).
   *
   * @param id the event's own id, null when it had none, empty when it cleared the last id
   * @param type the event type, or null for the default
   * @param data the data, never null
   */
  default void onEvent(String id, String type, String data) {
    onFrame(Frame.event(id, type, data));
  }

  /** Messages arrived together (a poll batch), in order. May block (back-pressure). */
  default void onFrames(List<Frame> frames) {
    for (Frame frame : frames) {
      onFrame(frame);
    }
  }

  /** Proof of life without a message: an SSE comment, a pong, an empty poll answer. */
  void onHeartbeat();

  /** The server asked for this reconnect delay in-band (SSE {@code retry:}). */
  void onRetryHint(Duration delay);

  /**
   * Something this transport needs to resume well on its next connection, besides the last id: a
   * poll's batch cursor, a response's {@code ETag} or {@code Last-Modified}. Core keeps it for this
   * transport and hands it back in {@link Cursor#hint(String)} on the next connection of this
   * transport, as long as the cursor's id has not moved since. Report it after handing over the
   * messages it covers (a hint ahead of the messages core accepted would skip them). Ignored from a
   * connection core has closed. Default: does nothing.
   *
   * @param key the hint's name, chosen by the transport, not null
   * @param value the hint, or null to forget it
   */
  default void onResumeHint(String key, String value) {}

  /** An HTTP request went out (every poll; the request or upgrade of a stream). */
  void onRequest();

  /** A response carried no message (polling: 204, 304, an empty batch). */
  void onEmptyResponse();

  /** Bytes were read from the network (bodies and frames). */
  void onBytes(long count);

  /**
   * Something went wrong that does not end the connection: a malformed or oversized message the
   * transport skipped. Core reports it through {@code SubscriptionListener.onError}. May block
   * (back-pressure), so a flood of bad data cannot grow memory without bound.
   */
  void onError(TidingsException error);

  /**
   * The connection ended on its own: the server closed it, the network failed, a status was
   * refused. Once; core decides whether and when to reconnect.
   *
   * @param reason why, not null: {@link io.tidings.HttpStatusException}, {@link
   *     io.tidings.ConnectionException}, {@link io.tidings.ServerClosedException}, …
   */
  void onClosed(TidingsException reason);
}
