package io.tidings.sse.internal;

import com.launchdarkly.eventsource.CommentEvent;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.FaultEvent;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamClosedByCallerException;
import com.launchdarkly.eventsource.StreamClosedByServerException;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.eventsource.StreamHttpErrorException;
import com.launchdarkly.eventsource.StreamIOException;
import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.HttpStatusException;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ServerClosedException;
import io.tidings.TidingsException;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.HttpFailures;
import io.tidings.spi.Redactor;
import io.tidings.spi.TransportContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSE connection: one HTTP stream read with okhttp-eventsource's pull API on one task of {@link
 * TransportContext#executor()}. The library's own retrying is off ({@link
 * ErrorStrategy#alwaysThrow()}): when the stream ends or fails the task reports {@link
 * ConnectionListener#onClosed} once and ends, and core decides what comes next.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, including from inside a listener
 * call on the reader thread.
 */
public final class SseConnection implements Connection {
  private static final Logger LOG = LoggerFactory.getLogger(SseConnection.class);

  /** The type okhttp-eventsource gives an event without (or with an empty) {@code event} field. */
  static final String DEFAULT_EVENT_TYPE = MessageEvent.DEFAULT_EVENT_NAME;

  /**
   * Read buffer of the parser, allocated for each stream and held while it is idle: small, since
   * idle streams are what many subscriptions mostly are. A longer line is read in pieces.
   */
  static final int DEFAULT_READ_BUFFER_SIZE = 2048;

  /** No {@code retry:} seen yet. A server can only send digits, so never a negative delay. */
  private static final long NO_RETRY = -1;

  private final ConnectionListener listener;
  private final HttpUrl url;
  private final Redactor redactor;
  private final Duration stallTimeout;
  private final long maxMessageSize;
  private final StreamClient streamClient;
  private final EventSource eventSource;
  private final AtomicBoolean closed = new AtomicBoolean();
  private long reportedRetryMillis = NO_RETRY; // reader thread only

  private SseConnection(TransportContext context, Cursor cursor, ConnectionListener listener) {
    this.listener = listener;
    this.url = context.url();
    this.redactor = context.redactor();
    this.stallTimeout = context.stallTimeout();
    this.maxMessageSize = context.config().maxMessageSize();
    this.streamClient = new StreamClient(context, cursor, listener);
    this.eventSource =
        new EventSource.Builder(streamClient.asStrategy())
            .errorStrategy(ErrorStrategy.alwaysThrow())
            // Sentinel: okhttp-eventsource keeps "retry:" to itself; a change of this value is
            // how the connection sees one.
            .retryDelay(NO_RETRY, TimeUnit.MILLISECONDS)
            .readBufferSize(DEFAULT_READ_BUFFER_SIZE)
            .streamEventData(false)
            .logger(Slf4jLogAdapter.logger(redactor))
            .build();
  }

  /**
   * Starts a connection: the request goes out on a task of {@link TransportContext#executor()}.
   *
   * @param context what core provides, not null
   * @param cursor where to resume, not null
   * @param listener where to report, not null
   * @return the connection, already started
   */
  public static SseConnection open(
      TransportContext context, Cursor cursor, ConnectionListener listener) {
    SseConnection connection = new SseConnection(context, cursor, listener);
    context.executor().execute(connection::run);
    return connection;
  }

  /** Cancels the request or stream; the reader task ends promptly and reports nothing more. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      streamClient.cancel();
      eventSource.close();
    }
  }

  private void run() {
    TidingsException reason = null;
    try {
      if (closed.get()) {
        return; // closed before the task ran: no request at all
      }
      reason = readUntilEnd();
    } catch (RuntimeException e) {
      if (!closed.get()) {
        LOG.warn("SSE reader failed unexpectedly ({})", HttpFailures.displayUrl(url), e);
        reason = new ConnectionException("The SSE reader failed unexpectedly: " + e, e); // a bug
      }
    } finally {
      streamClient.release();
      eventSource.close();
      if (reason != null && !closed.get()) {
        listener.onClosed(reason);
      }
    }
  }

  /** Reads until the stream ends; returns why, or null when closed. */
  private TidingsException readUntilEnd() {
    while (!closed.get()) {
      StreamEvent event;
      try {
        event = eventSource.readAnyEvent();
      } catch (StreamException e) {
        reportRetryHint();
        return closed.get() ? null : translate(e);
      } catch (NumberFormatException e) {
        // okhttp-eventsource 4.3.0 parses "retry:" digits with Long.parseLong and lets the
        // overflow escape. The spec says to use such a value; it is beyond any sane delay, and
        // the parser has already moved past the line, so ignore it and read on.
        LOG.debug("Ignored an out-of-range SSE retry value: {}", e.getMessage());
        continue;
      }
      if (closed.get()) {
        return null;
      }
      reportRetryHint();
      if (event instanceof MessageEvent) {
        onMessage((MessageEvent) event);
      } else if (event instanceof CommentEvent) {
        listener.onHeartbeat();
      } else if (event instanceof StartedEvent) {
        listener.onOpen();
      } else if (event instanceof FaultEvent) {
        return translate(((FaultEvent) event).getCause()); // not with alwaysThrow, but be safe
      }
    }
    return null;
  }

  private void onMessage(MessageEvent event) {
    String type = event.getEventName();
    if (EventSizeGuard.TOO_LARGE_EVENT_TYPE.equals(type)) {
      listener.onError(
          new MessageTooLargeException(
              maxMessageSize,
              "An SSE event from "
                  + HttpFailures.displayUrl(url)
                  + " is larger than tidings.max-message-size ("
                  + maxMessageSize
                  + " bytes) and was skipped without being buffered; raise"
                  + " tidings.max-message-size if such events are expected"));
      return;
    }
    if (EventSizeGuard.INVALID_UTF8_EVENT_TYPE.equals(type)) {
      listener.onError(
          new DecodeException(
              "An SSE event from "
                  + HttpFailures.displayUrl(url)
                  + " is not valid UTF-8 (the stream must be UTF-8, as the SSE specification"
                  + " says) and was dropped; the stream goes on. Fix the server's encoding",
              null));
      return;
    }
    if (type.isEmpty()) {
      // Spec: an empty "event:" value means the default type; okhttp-eventsource keeps "".
      type = DEFAULT_EVENT_TYPE;
    }
    listener.onEvent(ownId(event.getLastEventId()), type, event.getData()); // no Frame per event
  }

  /**
   * The id the event brought itself: null when it had no {@code id} field, empty when it cleared
   * the id. {@link EventSizeGuard} resets the parser's last id to {@link EventSizeGuard#NO_ID}
   * after every dispatched event, so the last id is the one this event (or an id-only block before
   * it) set. (Passing on an id kept from an earlier event would make core drop every event without
   * an id as a duplicate.)
   */
  private static String ownId(String lastEventId) {
    return EventSizeGuard.NO_ID.equals(lastEventId) ? null : lastEventId;
  }

  private void reportRetryHint() {
    long retry = eventSource.getBaseRetryDelayMillis();
    if (retry != reportedRetryMillis && retry >= 0) {
      reportedRetryMillis = retry;
      if (!closed.get()) {
        listener.onRetryHint(Duration.ofMillis(retry));
      }
    }
  }

  private TidingsException translate(StreamException e) {
    if (e instanceof StreamFailure) {
      return ((StreamFailure) e).reason();
    }
    if (e instanceof StreamIOException) {
      return HttpFailures.io(((StreamIOException) e).getIOException(), url, stallTimeout, redactor);
    }
    if (e instanceof StreamClosedByServerException) {
      return new ServerClosedException(-1, "", "The server ended the event stream");
    }
    if (e instanceof StreamHttpErrorException) {
      int code = ((StreamHttpErrorException) e).getCode();
      return new HttpStatusException(
          code, "HTTP " + code + " from " + HttpFailures.displayUrl(url), null);
    }
    if (e instanceof StreamClosedByCallerException) {
      return new ConnectionException("The event stream was closed", e);
    }
    return new ProtocolException("The event stream failed: " + e, e);
  }
}
