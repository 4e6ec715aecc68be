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
   * Cuts the exchange: the response is committed (headers sent), then the TCP connection is closed
   * (HTTP/1) or the stream reset (HTTP/2), so the client sees a truncated body rather than an error
   * page it could mistake for an answer.
   */
  static void abort(Request request, Response response, Callback callback, Throwable cause) {
    Runnable cut =
        () -> {
          if (request.getConnectionMetaData().getHttpVersion().getVersion() < 20) {
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            endPoint.close(cause);
          }
          callback.failed(cause);
        };
    if (response.isCommitted()) {
      cut.run();
      return;
    }
    response.setStatus(200);
    response.write(false, null, Callback.from(cut, x -> callback.failed(cause)));
  }
}
