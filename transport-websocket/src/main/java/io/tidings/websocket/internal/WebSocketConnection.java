package io.tidings.websocket.internal;

import io.tidings.FailureKind;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ServerClosedException;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.HttpFailures;
import io.tidings.spi.TransportContext;
import io.tidings.websocket.WebSocketTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import okio.Utf8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection attempt over OkHttp.
 *
 * <p><b>Threads.</b> It starts none. OkHttp runs the upgrade and then the read loop on a thread of
 * the client's dispatcher, and calls the {@link ConnectionListener} from there: {@link
 * ConnectionListener#onFrame} may block for back-pressure, which stops OkHttp reading the socket.
 * While the reader is blocked OkHttp's writer still sends pings, but the server's pongs are not
 * read; a block longer than {@code tidings.websocket.ping-interval} therefore makes OkHttp fail the
 * socket ("sent ping but didn't receive pong"), reported as a {@link FailureKind#TIMEOUT}, and core
 * reconnects from its cursor. {@link #send} and {@link #close} may be called from any thread and
 * never block on I/O.
 *
 * <p><b>Inbound size and UTF-8.</b> OkHttp has no inbound message limit: it assembles each text or
 * binary message in memory, and decodes invalid UTF-8 as U+FFFD. So on {@code ws://} (with the
 * JDK's default socket factory) the socket's input goes through a {@link FrameGuard} before OkHttp
 * reads it: a single-frame message over {@code tidings.max-message-size} is dropped from its header
 * on, unbuffered, and reported with {@link MessageTooLargeException} (the connection goes on); a
 * fragmented message that grows over the limit fails the connection with close code 1009, and
 * invalid UTF-8 in a text message with 1007 (RFC 6455 §8.1), reported as a {@link
 * io.tidings.DecodeException}. {@code permessage-deflate} is not offered (an inflated message could
 * not be bounded). On {@code wss://} the guard cannot see the plaintext: there a message is refused
 * by its size only after OkHttp assembled it, and invalid UTF-8 is not detected.
 *
 * <p><b>Sending.</b> The pending budget is {@code tidings.websocket.send-buffer} bytes (at most
 * {@value #OKHTTP_MAX_QUEUE_SIZE}, OkHttp's own outgoing limit, past which OkHttp closes the
 * socket), measured with {@link WebSocket#queueSize()}. A send that would exceed it fails at once
 * with {@link FailureKind#OVERFLOW}; nothing is held back by this class. The returned stage
 * completes when the message was handed to OkHttp's writer queue: OkHttp does not report when bytes
 * reach the wire, so completion does not mean the server received it.
 */
public final class WebSocketConnection implements Connection {
  /**
   * How long {@link #close()} waits, at most, for OkHttp to write the close frame and release the
   * socket (it does not wait for the server's answer); past it the socket is cancelled anyway.
   */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(1);

  /**
   * How long OkHttp keeps the socket after writing our close frame, waiting for the server's: none.
   * The frame is written, then the socket is released at once, so that closing a subscription costs
   * no round trip to the server (the server still reads the close code). An answer to the server's
   * own close frame is written before the socket is released, as before.
   */
  static final Duration CLOSE_FRAME_LINGER = Duration.ZERO;

  /** OkHttp's limit on queued outgoing bytes ({@code RealWebSocket.MAX_QUEUE_SIZE}). */
  public static final long OKHTTP_MAX_QUEUE_SIZE = 16L * 1024 * 1024;

  /** The close code sent by {@link #close()} and in answer to the server's close frame. */
  static final int NORMAL_CLOSURE = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  private static final String SUBPROTOCOL_HEADER = "Sec-WebSocket-Protocol";
  private static final AtomicBoolean DISPATCHER_WARNED = new AtomicBoolean();

  private final TransportContext context;
  private final ConnectionListener listener;
  private final HttpUrl url;
  private final String resumeMessage;
  private final List<String> subprotocols;
  private final long maxMessageSize;
  private final long sendBudget;
  private final Object sendLock = new Object();
  private final AtomicBoolean closeRequested = new AtomicBoolean();

  /** Set once the listener must hear nothing more: close() was called or onClosed reported. */
  private final AtomicBoolean silenced = new AtomicBoolean();

  /** True once the upgrade succeeded: from then on close() sends a close frame before releasing. */
  private volatile boolean upgraded;

  /** True while sending is allowed: after the resume message, until the connection ends. */
  private volatile boolean open;

  private volatile WebSocket webSocket;

  /** The frame guard of the current socket, or null (wss, a custom socket factory). */
  private volatile FrameGuard guard;

  /** OkHttp's reader thread, once a callback ran on it. */
  private volatile Thread readerThread;

  /** Counted down when OkHttp reports the socket closed or failed. */
  private final java.util.concurrent.CountDownLatch ended =
      new java.util.concurrent.CountDownLatch(1);

  private WebSocketConnection(
      TransportContext context, ConnectionListener listener, HttpUrl url, String resumeMessage) {
    SubscriptionConfig config = context.config();
    this.context = context;
    this.listener = listener;
    this.url = url;
    this.resumeMessage = resumeMessage;
    this.subprotocols = config.option(WebSocketTransportProvider.SUBPROTOCOLS);
    this.maxMessageSize = config.maxMessageSize();
    this.sendBudget =
        Math.min(config.option(WebSocketTransportProvider.SEND_BUFFER), OKHTTP_MAX_QUEUE_SIZE);
  }

  /**
   * Starts the upgrade and returns at once; the outcome is reported to {@code listener} from
   * OkHttp's threads.
   *
   * @param context what core provides
   * @param cursor where to resume: a query parameter on the upgrade URL, or the rendered {@code
   *     tidings.websocket.resume-message} sent right after the upgrade (nothing is sent when the
   *     cursor is empty)
   * @param listener where to report
   */
  public static WebSocketConnection open(
      TransportContext context, Cursor cursor, ConnectionListener listener) {
    SubscriptionConfig config = context.config();
    HttpUrl url = context.url();
    String resume = null;
    if (cursor.lastEventId().isPresent()) {
      String id = cursor.lastEventId().get();
      String template = config.option(WebSocketTransportProvider.RESUME_MESSAGE);
      if (template != null) {
        resume = ResumeMessage.render(template, id, context.headers(), context.objectMapper());
      } else {
        url = url.newBuilder().setQueryParameter(config.cursorParam(), id).build();
      }
    }
    WebSocketConnection connection = new WebSocketConnection(context, listener, url, resume);
    connection.start();
    return connection;
  }

  private void start() {
    Request.Builder request = new Request.Builder().url(url).headers(context.headers());
    if (!subprotocols.isEmpty()) {
      request.header(SUBPROTOCOL_HEADER, String.join(", ", subprotocols));
    }
    Duration pingInterval = context.config().option(WebSocketTransportProvider.PING_INTERVAL);
    boolean guarded =
        !url.isHttps()
            && context.httpClient().socketFactory() == javax.net.SocketFactory.getDefault();
    if (guarded) {
      request.tag(FrameGuard.Events.class, new Guarded());
    }
    OkHttpClient client =
        context.derivedClient(
            new SocketClient(pingInterval, guarded ? maxMessageSize : -1),
            b -> {
              b.pingInterval(pingInterval)
                  .webSocketCloseTimeout(CLOSE_FRAME_LINGER)
                  .addInterceptor(NoCompression.INSTANCE);
              if (guarded) {
                b.socketFactory(new GuardedSocketFactory(maxMessageSize))
                    .addInterceptor(GuardedSocketFactory.CLAIM);
              }
              return b;
            });
    LOG.debug("Opening WebSocket {}", HttpFailures.displayUrl(url));
    listener.onRequest();
    webSocket = client.newWebSocket(request.build(), new Events());
    warnWhenTheDispatcherIsFull(client.dispatcher());
  }

  /**
   * What a WebSocket's client changes from the context's: its ping interval and, when {@code
   * guardLimit >= 0}, a {@link GuardedSocketFactory} with that limit.
   */
  private record SocketClient(Duration pingInterval, long guardLimit) {}

  /**
   * Each open WebSocket holds a running call of the dispatcher: a capped one makes upgrades wait.
   */
  private static void warnWhenTheDispatcherIsFull(Dispatcher dispatcher) {
    if (dispatcher.queuedCallsCount() > 0 && DISPATCHER_WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "WebSocket upgrades wait in OkHttp's dispatcher: it runs at most {} calls and each open"
              + " WebSocket holds one. Raise Dispatcher.setMaxRequests on the OkHttpClient given to"
              + " SubscriptionConfig.Builder.httpClient, or leave it unset to use Tidings' client",
          dispatcher.getMaxRequests());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends a text frame. The stage completes when the message was handed to OkHttp's writer, not
   * when it reached the server. Fails with {@link FailureKind#NOT_OPEN} before the upgrade or after
   * the connection ended, and with {@link FailureKind#OVERFLOW} when more than {@code
   * tidings.websocket.send-buffer} bytes would wait to be sent.
   */
  @Override
  public CompletionStage<Void> send(String text) {
    String checked = Objects.requireNonNull(text, "text");
    return enqueue(Utf8.size(checked), ws -> ws.send(checked));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends a binary frame; the array is copied. Completes and fails like {@link #send(String)}.
   */
  @Override
  public CompletionStage<Void> send(byte[] bytes) {
    ByteString payload = ByteString.of(Objects.requireNonNull(bytes, "bytes"));
    return enqueue(payload.size(), ws -> ws.send(payload));
  }

  private interface Sender {
    boolean sendOn(WebSocket ws);
  }

  private CompletionStage<Void> enqueue(long size, Sender sender) {
    synchronized (sendLock) {
      WebSocket ws = webSocket;
      if (!open || silenced.get() || ws == null) {
        return failed(FailureKind.NOT_OPEN, notOpenMessage());
      }
      if (size > sendBudget) {
        return failed(
            FailureKind.OVERFLOW,
            "A message of "
                + size
                + " bytes is larger than tidings.websocket.send-buffer ("
                + sendBudget
                + " bytes): raise tidings.websocket.send-buffer (at most "
                + OKHTTP_MAX_QUEUE_SIZE
                + ") or send smaller messages");
      }
      long queued = ws.queueSize();
      if (queued + size > sendBudget) {
        return failed(
            FailureKind.OVERFLOW,
            queued
                + " bytes wait to be sent and "
                + size
                + " more would exceed tidings.websocket.send-buffer ("
                + sendBudget
                + " bytes): the server or the network is slower than the sender; send again"
                + " later or raise tidings.websocket.send-buffer");
      }
      if (!sender.sendOn(ws)) {
        return failed(FailureKind.NOT_OPEN, "The WebSocket is closing; the message was not sent");
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  private String notOpenMessage() {
    if (closeRequested.get() || silenced.get()) {
      return "The WebSocket connection is closed; the message was not sent";
    }
    return "The WebSocket connection is not open yet; the message was not sent";
  }

  private static CompletionStage<Void> failed(FailureKind kind, String message) {
    return CompletableFuture.failedFuture(new TidingsException(kind, message));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends close code {@value #NORMAL_CLOSURE} and returns once OkHttp wrote the frame and
   * released the socket, without waiting for the server's answer (bounded by {@link
   * #DEFAULT_CLOSE_GRACE}, past which the socket is cancelled); before the upgrade completed,
   * cancels at once. After the server closed, the answer to its close frame is still written before
   * the socket is released.
   */
  @Override
  public void close() {
    if (!closeRequested.compareAndSet(false, true)) {
      return;
    }
    silenced.set(true);
    open = false;
    WebSocket ws = webSocket;
    if (ws == null) {
      return;
    }
    if (!upgraded) {
      ws.cancel();
      return;
    }
    // Returns false when a close is already under way (the server's, answered in onClosing) or the
    // socket failed; either way the cancel below bounds how long the socket may linger.
    ws.close(NORMAL_CLOSURE, null);
    if (Thread.currentThread() == readerThread) {
      // Called from a callback on OkHttp's reader thread: waiting here would hold up the very
      // thread that reads the server's close frame.
      try {
        context.schedule(ws::cancel, DEFAULT_CLOSE_GRACE);
      } catch (RejectedExecutionException e) {
        ws.cancel();
      }
      return;
    }
    // OkHttp writes the close frame, then cancels the socket at once (CLOSE_FRAME_LINGER) and its
    // reader reports the end: wait (bounded) for that, so that no socket of a closed subscription
    // is left open, and cancel in any case.
    try {
      ended.await(DEFAULT_CLOSE_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ws.cancel();
  }

  private void report(TidingsException reason) {
    open = false;
    if (silenced.compareAndSet(false, true)) {
      LOG.debug("WebSocket {} ended: {}", HttpFailures.displayUrl(url), reason.getMessage());
      listener.onClosed(reason);
    }
  }

  private void deliver(Frame frame, long bytes, String kind) {
    if (silenced.get()) {
      return;
    }
    listener.onBytes(bytes);
    if (bytes > maxMessageSize) {
      listener.onError(
          new MessageTooLargeException(
              maxMessageSize,
              "A WebSocket "
                  + (kind.isEmpty() ? "" : kind + " ")
                  + "message of "
                  + bytes
                  + " bytes exceeds tidings.max-message-size ("
                  + maxMessageSize
                  + " bytes) and was dropped; raise tidings.max-message-size to accept it"));
      return;
    }
    listener.onFrame(frame);
  }

  /**
   * OkHttp answers pings and checks pongs without telling its listener, so an idle but healthy
   * socket would look stalled to core. Every half ping interval, a pong or ping received since the
   * last look is reported as a heartbeat. (OkHttp itself fails the socket when a pong is late.) The
   * counters are read from OkHttp's {@code RealWebSocket} through {@link PongCounter}; where they
   * cannot be read, nothing is reported and core's stall timeout alone applies.
   */
  private void watchPongs(WebSocket ws, long lastCount) {
    Duration interval = context.config().option(WebSocketTransportProvider.PING_INTERVAL);
    long count = PongCounter.count(ws);
    if (interval.isZero() || count < 0 || !open || silenced.get()) {
      return;
    }
    if (lastCount >= 0 && count != lastCount) {
      listener.onHeartbeat();
    }
    context.schedule(() -> watchPongs(ws, count), interval.dividedBy(2));
  }

  /** The frame guard's reports, on OkHttp's reader thread. */
  private final class Guarded implements FrameGuard.Events {
    @Override
    public void attached(FrameGuard g) {
      guard = g;
    }

    @Override
    public void violation(int closeCode, String why) {
      WebSocket ws = webSocket;
      if (ws != null) {
        ws.close(closeCode, closeCode == 1007 ? "invalid UTF-8" : "message too big");
      }
      TidingsException reason =
          closeCode == 1007
              ? new io.tidings.DecodeException(
                  "The server sent a WebSocket text message that is not valid UTF-8 ("
                      + HttpFailures.displayUrl(url)
                      + "); the connection was failed with close code 1007 as RFC 6455 requires"
                      + " and is replaced. Fix the server's encoding, or send binary frames",
                  null)
              : new MessageTooLargeException(
                  maxMessageSize,
                  "The server sent a fragmented WebSocket message larger than"
                      + " tidings.max-message-size ("
                      + maxMessageSize
                      + " bytes) ("
                      + HttpFailures.displayUrl(url)
                      + "); the connection was failed with close code 1009 and is replaced."
                      + " Raise tidings.max-message-size if such messages are expected");
      report(reason);
    }
  }

  /**
   * Removes {@code permessage-deflate} from the upgrade request (OkHttp offers it on its own) and
   * from the response: OkHttp inflates a whole message in memory, which no limit could bound. A
   * server that compresses anyway breaks the protocol and OkHttp fails the socket.
   */
  private enum NoCompression implements okhttp3.Interceptor {
    INSTANCE;

    static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    @Override
    public Response intercept(Chain chain) throws java.io.IOException {
      Response r = chain.proceed(chain.request().newBuilder().removeHeader(EXTENSIONS).build());
      return r.header(EXTENSIONS) == null ? r : r.newBuilder().removeHeader(EXTENSIONS).build();
    }
  }

  /** OkHttp's callbacks, on its reader thread. */
  private final class Events extends WebSocketListener {
    @Override
    public void onOpen(WebSocket ws, Response response) {
      readerThread = Thread.currentThread();
      webSocket = ws; // may run before newWebSocket() has returned in start()
      upgraded = true;
      if (silenced.get()) {
        ws.cancel();
        return;
      }
      String chosen = response.header(SUBPROTOCOL_HEADER);
      if (chosen != null && !subprotocols.isEmpty() && !subprotocols.contains(chosen)) {
        ws.cancel();
        report(
            new ProtocolException(
                "The server chose WebSocket subprotocol '"
                    + chosen
                    + "', which was not offered (tidings.websocket.subprotocols="
                    + String.join(",", subprotocols)
                    + ")"));
        return;
      }
      if (resumeMessage != null) {
        ws.send(resumeMessage);
      }
      open = true;
      if (silenced.get()) {
        open = false;
        return;
      }
      listener.onOpen();
      watchPongs(ws, -1);
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
      FrameGuard g = guard;
      if (g != null && !g.nextTextValid()) {
        new Guarded().violation(1007, "invalid UTF-8");
        return;
      }
      deliver(Frame.text(text), Utf8.size(text), "text");
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
      if (silenced.get()) {
        return;
      }
      FrameGuard g = guard;
      if (bytes.size() == 0 && g != null) {
        Long dropped = g.nextEmptyBinary();
        if (dropped != null && dropped >= 0) {
          deliver(null, dropped, ""); // the guard dropped an oversized message here
          return;
        }
      }
      if (bytes.size() > maxMessageSize) {
        deliver(null, bytes.size(), "binary");
      } else {
        deliver(Frame.binary(bytes.toByteArray()), bytes.size(), "binary");
      }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      ws.close(NORMAL_CLOSURE, null);
      report(serverClosed(code, reason));
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      ended.countDown();
      report(serverClosed(code, reason));
    }

    @Override
    public void onFailure(WebSocket ws, Throwable failure, Response response) {
      ended.countDown();
      if (silenced.get()) {
        return;
      }
      report(
          WebSocketFailures.of(
              failure,
              response,
              url,
              upgraded,
              context.config().option(WebSocketTransportProvider.PING_INTERVAL),
              context.stallTimeout(),
              context.redactor()));
    }

    private ServerClosedException serverClosed(int code, String unredacted) {
      String reason = context.redactor().redact(unredacted);
      return new ServerClosedException(
          code,
          reason,
          "The server closed the WebSocket with code "
              + code
              + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")")
              + " ("
              + HttpFailures.displayUrl(url)
              + ")");
    }
  }
}
