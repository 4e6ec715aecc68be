package io.tidings.testkit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One SSE response: events written asynchronously, the handler's callback completed at the end. */
final class SseStream extends PushStream {
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Response response;
  private final Callback callback;

  SseStream(Hub hub, Response response, Callback callback, boolean stalled) {
    super(hub, TransportKind.SSE, stalled);
    this.response = response;
    this.callback = callback;
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
  }

  /** The first bytes: the {@code retry:} hint, or a comment, so headers go out at once. */
  static byte[] preamble(HubConfig config) {
    String s =
        config.sseRetry() != null
            ? "retry: " + config.sseRetry().toMillis() + "\n\n"
            : ": tidings reference server\n\n";
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  void send(Object item) {
    byte[] bytes;
    if (item instanceof StoredMessage) {
      bytes = ((StoredMessage) item).sseEvent;
    } else if (item instanceof MalformedItem) {
      bytes = Wire.sseMalformed((MalformedItem) item);
    } else if (item instanceof long[]) {
      long[] gap = (long[]) item;
      bytes = Wire.sseGap(gap[0], gap[1]);
    } else if (item == HEARTBEAT) {
      bytes = PING;
    } else {
      bytes = (byte[]) item;
    }
    wrote(bytes.length);
    response.write(false, ByteBuffer.wrap(bytes), this);
  }

  @Override
  void terminate(Throwable cause) {
    if (cause == null) {
      response.write(true, null, callback);
    } else {
      callback.failed(cause);
    }
  }
}
