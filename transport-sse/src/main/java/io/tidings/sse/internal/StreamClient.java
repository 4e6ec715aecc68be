package io.tidings.sse.internal;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.StreamClosedByCallerException;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.eventsource.StreamIOException;
import com.launchdarkly.logging.LDLogger;
import io.tidings.HttpStatusException;
import io.tidings.ProtocolException;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.HttpFailures;
import io.tidings.spi.TransportContext;
import io.tidings.sse.SseTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Opens the one HTTP stream of an {@link SseConnection} for okhttp-eventsource: a {@code
 * ConnectStrategy} of our own instead of {@code HttpConnectStrategy}, because the connection needs
 * the {@link Response} (status with {@code Retry-After}, content type, 204) and the {@link Call}
 * (to cancel it while it connects), and must count and guard the body bytes.
 *
 * <p>{@link #connect} runs on the reader thread, once; {@link #cancel()} from any thread.
 */
final class StreamClient extends ConnectStrategy.Client {
  /** The media type of an event stream. */
  static final String EVENT_STREAM = "text/event-stream";

  /** The request header that carries the cursor. */
  static final String LAST_EVENT_ID = "Last-Event-ID";

  private final OkHttpClient httpClient;
  private final HttpUrl url;
  private final io.tidings.spi.Redactor redactor;
  private final Headers headers;
  private final Cursor cursor;
  private final long maxMessageSize;
  private final ConnectionListener listener;
  private final okhttp3.RequestBody body; // null for GET

  private volatile Call call;
  private volatile boolean cancelled;
  private Response response; // reader thread only

  StreamClient(TransportContext context, Cursor cursor, ConnectionListener listener) {
    // A healthy stream may be quiet for up to the stall timeout. Core's client reads that long
    // already; derive one (an object per stream) only from a client that does not.
    OkHttpClient client = context.httpClient();
    this.httpClient =
        client.readTimeoutMillis() == context.stallTimeout().toMillis()
            ? client
            : client.newBuilder().readTimeout(context.stallTimeout()).build();
    this.url = context.url();
    this.redactor = context.redactor();
    this.headers = context.headers();
    this.cursor = cursor;
    this.maxMessageSize = context.config().maxMessageSize();
    this.listener = listener;
    SubscriptionConfig config = context.config();
    this.body =
        "POST".equals(config.option(SseTransportProvider.METHOD))
            ? okhttp3.RequestBody.create(
                String.valueOf(
                    Optional.ofNullable(config.option(SseTransportProvider.BODY)).orElse("")),
                okhttp3.MediaType.get(config.option(SseTransportProvider.BODY_TYPE)))
            : null;
  }

  /** A connect strategy whose client is this one. */
  ConnectStrategy asStrategy() {
    StreamClient client = this;
    return new ConnectStrategy() {
      @Override
      public Client createClient(LDLogger logger) {
        return client;
      }
    };
  }

  @Override
  public Result connect(String lastEventIdIgnored) throws StreamException {
    // okhttp-eventsource passes the id it tracked itself; core's cursor is the one that counts.
    if (cancelled) {
      throw new StreamClosedByCallerException(); // closed before the request went out
    }
    Request request = newRequest();
    Call newCall = httpClient.newCall(request);
    call = newCall;
    if (cancelled) {
      newCall.cancel(); // close() ran before the call existed
    }
    listener.onRequest();
    Response r;
    try {
      r = newCall.execute();
    } catch (IOException e) {
      throw new StreamIOException(e);
    }
    response = r;
    int code = r.code();
    if (code == 204) {
      r.close();
      throw new StreamFailure(
          new HttpStatusException(
              204,
              "HTTP 204 No Content from "
                  + HttpFailures.displayUrl(r.request().url())
                  + ": the server asks SSE clients to stop reconnecting",
              null));
    }
    if (code != 200) {
      HttpStatusException failure = HttpFailures.status(r, redactor);
      r.close();
      throw new StreamFailure(failure);
    }
    MediaType type = r.body().contentType();
    if (type == null || !"text".equals(type.type()) || !"event-stream".equals(type.subtype())) {
      String received = Optional.ofNullable(r.header("Content-Type")).orElse("no Content-Type");
      r.close();
      throw new StreamFailure(
          new ProtocolException(
              "Expected Content-Type "
                  + EVENT_STREAM
                  + " from "
                  + HttpFailures.displayUrl(r.request().url())
                  + " but received "
                  + received
                  + ": check that tidings.url is a Server-Sent Events endpoint, or use another"
                  + " tidings.transport",
              new WrongContentType(received)));
    }
    InputStream body =
        new EventSizeGuard(
            new LeadingBomSkipper(
                new ByteCountingInputStream(r.body().byteStream(), listener::onBytes)),
            maxMessageSize);
    // The origin is what okhttp-eventsource logs and puts on events: without user info or query,
    // which may hold credentials.
    return new Result(
        body, URI.create(HttpFailures.displayUrl(r.request().url())), newCall::cancel);
  }

  private Request newRequest() throws StreamFailure {
    Headers.Builder requestHeaders =
        headers.newBuilder().set("Accept", EVENT_STREAM).set("Cache-Control", "no-cache");
    requestHeaders.removeAll(LAST_EVENT_ID);
    Optional<String> lastEventId = cursor.lastEventId().filter(id -> !id.isEmpty());
    if (lastEventId.isPresent()) {
      String id = lastEventId.get();
      if (id.indexOf('\r') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\0') >= 0) {
        throw new StreamFailure(
            new ProtocolException(
                "Cannot resume from an id that contains CR, LF or NUL: "
                    + LAST_EVENT_ID
                    + " cannot carry it"));
      }
      // An SSE id may be any text without NUL, CR and LF: non-ASCII goes out as UTF-8.
      requestHeaders.addUnsafeNonAscii(LAST_EVENT_ID, id);
    }
    Request.Builder request = new Request.Builder().url(url).headers(requestHeaders.build());
    if (body != null) {
      request.post(body);
    }
    return request.build();
  }

  /** Cancels the call, whether it is connecting or streaming. Any thread; never blocks. */
  void cancel() {
    cancelled = true;
    Call c = call;
    if (c != null) {
      c.cancel();
    }
  }

  /** Closes the response, if any. Reader thread only, once the reading is over. */
  void release() {
    Response r = response;
    response = null;
    if (r != null) {
      r.close();
    }
  }

  @Override
  public boolean awaitClosed(long timeoutMillis) {
    return true; // the client is shared and never ours to shut down
  }

  @Override
  public URI getOrigin() {
    return URI.create(HttpFailures.displayUrl(url));
  }

  @Override
  public void close() {
    // The shared client is not ours to shut down; SseConnection cancels the call.
  }
}
