package io.tidings.testkit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small helpers for answering and aborting HTTP exchanges. */
final class Exchanges {
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private Exchanges() {}

  static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant);
  }

  /** Writes a complete text response. */
  static void answer(
      Response response, Callback callback, int status, String contentType, String body) {
    response.setStatus(status);
    if (body == null || body.isEmpty()) {
      response.write(true, null, callback);
      return;
    }
    response.getHeaders().put("Content-Type", contentType);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /**
   * Cuts the exchange: over HTTP/1 the TCP connection is closed; over HTTP/2 the stream is reset
   * (the response is committed, then failed).
   */
  static void abort(Request request, Response response, Callback callback, Throwable cause) {
    if (request.getConnectionMetaData().getHttpVersion().getVersion() < 20) {
      EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
      endPoint.close(cause);
      callback.failed(cause);
    } else if (!response.isCommitted()) {
      response.setStatus(200);
      response.write(
          false, null, Callback.from(() -> callback.failed(cause), x -> callback.failed(cause)));
    } else {
      callback.failed(cause);
    }
  }
}
