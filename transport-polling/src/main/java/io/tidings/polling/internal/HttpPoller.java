package io.tidings.polling.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tidings.DecodeException;
import io.tidings.MessageFormat;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.TidingsException;
import io.tidings.polling.PollOptions;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.HttpFailures;
import io.tidings.spi.TransportContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * What long and short polling share: one {@link Connection} that polls in a loop, never two
 * requests at once. It puts the cursor in the query ({@code tidings.cursor-param}), sends the last
 * response's {@code ETag} and {@code Last-Modified} back as {@code If-None-Match} and {@code
 * If-Modified-Since}, reads {@code 304}/{@code 204} as "nothing new", decodes a {@code 200} body as
 * a batch (docs/PROTOCOL.md) or, in {@code raw} format, as one message, and reports any other
 * status with its {@code Retry-After} through {@link ConnectionListener#onClosed}. A {@code 2xx}
 * answer that is not a batch at all (not declared JSON and not starting like JSON: a proxy's HTML
 * page) ends the connection before it opens with a {@link ProtocolException} caused by {@link
 * NotABatch}, which the poll providers read as "polling is unavailable on this path"; the class
 * comment of {@link NotABatch} states the rule. A body is read up to {@link #bodyLimit(long)}.
 * Subclasses decide the URL's extra parameters and the pause between polls ({@link #pauseAfter}).
 *
 * <p><b>Raw format</b> ({@code tidings.format=raw}) watches a resource by its validators instead of
 * a cursor: a {@code 200} body is one message whose id is every validator of the response, {@code
 * <ETag> <Last-Modified>} when both came, either alone otherwise (nchan restarts its {@code Etag}
 * every second: only the pair tells two messages apart). Resuming from such an id sends each
 * validator back in its own header, {@code If-None-Match} and {@code If-Modified-Since}. A response
 * with <em>neither</em> header cannot be told from the last one: its body is delivered as a message
 * without an id (so core cannot de-duplicate it, and an unchanged resource is delivered again on
 * every poll), it leaves nothing to send back in a conditional header, and a resume from it starts
 * from nothing. Such an answer, like one that repeats the validator just sent (a server ignoring
 * {@code If-None-Match}), is {@link Outcome#EMPTY} for pacing: polling it again at once could only
 * get the same answer.
 *
 * <p><b>Resume state</b> lives in core: after each answer the poller reports the batch cursor and
 * both validators as resume hints ({@link #HINT_CURSOR}, {@link #HINT_ETAG}, {@link
 * #HINT_LAST_MODIFIED}), and a new connection starts from the hints in its {@link Cursor}, so a
 * reconnect sends {@code If-None-Match} <em>and</em> {@code If-Modified-Since} as the last poll
 * did.
 *
 * <p>Requests run with OkHttp's blocking {@code execute()} on tasks of {@link
 * TransportContext#executor()}; pauses are {@link TransportContext#schedule timer} tasks, never a
 * sleeping thread. Thread-safe: {@link #close()} may be called from any thread.
 */
public abstract class HttpPoller implements Connection {
  /** The outcome of one successful poll, for {@link #pauseAfter}. */
  public enum Outcome {
    /** Messages arrived and the server has no more right now. */
    DATA,
    /**
     * Messages arrived and the server said {@code more: true}: poll again at once. A batch with no
     * messages is {@link #EMPTY} whatever {@code more} says: there is nothing to drain, and polling
     * again at once would loop for as long as the server keeps saying {@code more}.
     */
    MORE,
    /**
     * Nothing new: 304, 204, an empty body or batch, a batch that leaves the cursor where it was (a
     * server repeating what the cursor covers), or in raw format a {@code 200} with no new
     * validator (see the class comment). Whatever arrived is still handed to core.
     */
    EMPTY
  }

  /** A poll body may hold this many times {@code tidings.max-message-size}. */
  public static final int BODY_LIMIT_FACTOR = 4;

  /**
   * The smallest default poll body limit: 64 MiB. Bodies are parsed as a stream (memory is bounded
   * by one chunk of envelopes, about {@code tidings.max-message-size}), so this floor costs no
   * memory; it lets a batch hold a message over the limit, which is then skipped, instead of
   * failing the whole poll. {@code tidings.poll.max-body-size} sets any other limit.
   */
  public static final long MIN_BODY_LIMIT = 64L * 1024 * 1024;

  /** The resume hint holding the last batch's {@code cursor} (see {@link Cursor#hint}). */
  public static final String HINT_CURSOR = "cursor";

  /** The resume hint holding the last response's {@code ETag}. */
  public static final String HINT_ETAG = "etag";

  /** The resume hint holding the last response's {@code Last-Modified}. */
  public static final String HINT_LAST_MODIFIED = "last-modified";

  private final TransportContext context;
  private final ConnectionListener listener;
  private final OkHttpClient client;
  private final boolean raw;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Call inFlight;
  private volatile Runnable scheduledPoll;
  private String cursor; // poll thread only (one poll at a time)
  private String etag;
  private String lastModified;
  private boolean opened;
  private boolean reportedNotABatch;
  private long answeredAfterNanos; // of the last poll: request sent to answer read

  /**
   * @param context the subscription's context
   * @param cursor where to resume
   * @param listener where to report
   * @param client the client to poll with (derived from {@link TransportContext#httpClient()});
   *     every poll is also bounded by a call timeout of {@link TransportContext#stallTimeout()}
   */
  protected HttpPoller(
      TransportContext context, Cursor cursor, ConnectionListener listener, OkHttpClient client) {
    this.context = Objects.requireNonNull(context, "context");
    this.listener = Objects.requireNonNull(listener, "listener");
    // A body that trickles in defeats the per-read timeout: bound the whole poll by the stall
    // timeout too, which covers a long poll's wait (TransportProvider.quietPeriod).
    Objects.requireNonNull(client, "client");
    this.client =
        client.callTimeoutMillis() == context.stallTimeout().toMillis()
            ? client
            : client.newBuilder().callTimeout(context.stallTimeout()).build();
    this.raw = context.config().format() == MessageFormat.RAW;
    // Core hands back what earlier connections reported (reportHints): every validator and the
    // batch cursor survive a reconnect.
    String id = cursor.lastEventId().orElse(null);
    this.etag = cursor.hint(HINT_ETAG).orElse(null);
    this.lastModified = cursor.hint(HINT_LAST_MODIFIED).orElse(null);
    if (raw) {
      // In raw format a message's id is the resource's validators: each goes back in its header
      // (from the hints when this transport reported them, else parsed back from the id).
      if (etag == null && lastModified == null) {
        String[] validators = validators(id);
        this.etag = validators[0];
        this.lastModified = validators[1];
      }
    } else {
      this.cursor = cursor.hint(HINT_CURSOR).orElse(id);
    }
  }

  /**
   * A poller whose client is {@link TransportContext#httpClient()} with a read timeout of {@code
   * readTimeout} (null: the context's) and the call timeout, derived once per subscription ({@link
   * TransportContext#derivedClient}) instead of once per connection.
   *
   * @param context the subscription's context
   * @param cursor where to resume
   * @param listener where to report
   * @param readTimeout the longest silence within one poll, or null for the context client's
   */
  protected HttpPoller(
      TransportContext context, Cursor cursor, ConnectionListener listener, Duration readTimeout) {
    this(context, cursor, listener, pollClient(context, readTimeout));
  }

  /** What a poller's client changes: its read timeout (null: kept) and call timeout. */
  private record PollClient(Duration readTimeout, Duration callTimeout) {}

  private static OkHttpClient pollClient(TransportContext context, Duration readTimeout) {
    Duration callTimeout = context.stallTimeout();
    return context.derivedClient(
        new PollClient(readTimeout, callTimeout),
        b -> {
          if (readTimeout != null) {
            b.readTimeout(readTimeout);
          }
          return b.callTimeout(callTimeout);
        });
  }

  /** Starts polling; returns at once. */
  public final void start() {
    context.executor().execute(this::pollLoop);
  }

  /** Adds what this kind of polling needs to the URL (a long poll's wait). */
  protected HttpUrl.Builder decorate(HttpUrl.Builder url) {
    return url;
  }

  /**
   * How long to wait before the next poll; zero polls again at once on the same task. This is the
   * polling cadence (a short poll's interval, a long poll's pause after an answer that was not
   * held), not a retry policy: a poll that failed ends the connection instead. Called on the
   * polling task.
   *
   * @param outcome what the poll brought
   * @param elapsed how long the poll took, from sending the request to having read the answer
   *     (before its messages were handed over, which may wait for the listener)
   */
  protected abstract Duration pauseAfter(Outcome outcome, Duration elapsed);

  /** The subscription's context. */
  protected final TransportContext context() {
    return context;
  }

  @Override
  public final void close() {
    closed = true;
    Call c = inFlight;
    if (c != null) {
      c.cancel();
    }
    Runnable next = scheduledPoll;
    if (next != null) {
      next.run();
    }
  }

  private void pollLoop() {
    while (!closed) {
      Outcome outcome = pollOnce();
      if (outcome == null || closed) {
        return;
      }
      Duration pause = pauseAfter(outcome, Duration.ofNanos(answeredAfterNanos));
      if (!pause.isZero() && !pause.isNegative()) {
        scheduledPoll = context.schedule(this::pollLater, pause);
        if (closed) {
          scheduledPoll.run();
        }
        return;
      }
    }
  }

  private void pollLater() {
    if (!closed) {
      try {
        context.executor().execute(this::pollLoop);
      } catch (RuntimeException e) {
        end(new io.tidings.ConfigurationException(null, "The executor refused a poll", e));
      }
    }
  }

  /** One request. Returns null when the connection ended (reported) or was closed. */
  private Outcome pollOnce() {
    Call call = client.newCall(request());
    inFlight = call;
    if (closed) {
      call.cancel();
      return null;
    }
    listener.onRequest();
    long sentAt = context.nanoTime();
    try (Response response = call.execute()) {
      if (closed) {
        return null;
      }
      int code = response.code();
      if (code == 304 || code == 204 || code == 408) {
        // 408: a server's own end of a held poll (nchan's nchan_subscriber_timeout), nothing new.
        answeredAfterNanos = context.nanoTime() - sentAt;
        remember(response);
        opened();
        listener.onEmptyResponse();
        reportHints();
        return Outcome.EMPTY;
      }
      if (code < 200 || code > 299) {
        end(HttpFailures.status(response, context.redactor()));
        return null;
      }
      answeredAfterNanos = context.nanoTime() - sentAt; // before delivering, which may block
      if (!raw) {
        ProtocolException notABatch = notABatch(response);
        if (notABatch != null) {
          end(notABatch); // before OPEN: polling never worked on this path
          return null;
        }
      }
      boolean newValidator = isNewValidator(response);
      remember(response);
      opened();
      Outcome outcome =
          raw
              ? deliverRaw(response, readRaw(response.body()), newValidator)
              : deliverBatch(response.body());
      reportHints(); // after the messages they cover were handed over
      return outcome;
    } catch (BodyTooLarge e) {
      end(tooLarge(e.declared, e.limit));
      return null;
    } catch (IOException e) {
      if (!closed) {
        end(HttpFailures.io(e, context.url(), context.stallTimeout(), context.redactor()));
      }
      return null;
    } catch (TidingsException e) {
      // An oversized or unreadable body: polling it again at once would get the same answer,
      // so end the connection and let core back off.
      end(e);
      return null;
    } finally {
      inFlight = null;
    }
  }

  private Request request() {
    HttpUrl.Builder url = context.url().newBuilder();
    if (cursor != null) {
      url.setQueryParameter(context.config().cursorParam(), cursor);
    }
    Request.Builder b =
        new Request.Builder().url(decorate(url).build()).headers(context.headers()).get();
    if (context.headers().get("Accept") == null) {
      b.header("Accept", raw ? "*/*" : "application/json");
    }
    if (etag != null) {
      b.header("If-None-Match", etag);
    }
    if (lastModified != null) {
      b.header("If-Modified-Since", lastModified);
    }
    return b.build();
  }

  /**
   * The failure for a {@code 2xx} answer that is not a batch at all ({@link NotABatch}), or null.
   * An answer declared JSON is never peeked at; any other is peeked at up to its first byte that is
   * not blank, so a batch under a sloppy content type is read as usual without waiting for more of
   * it.
   */
  private ProtocolException notABatch(Response response) throws IOException {
    String type = response.header("Content-Type");
    if (NotABatch.isJson(type)
        || response.body().contentLength() > PollOptions.maxBodySize(context.config())) {
      return null; // a body declared too large is refused unread by deliverBatch
    }
    BufferedSource peek = response.body().source().peek();
    byte[] start = new byte[NotABatch.SHOWN_BYTES + 1];
    int n = 0;
    while (n < start.length && peek.request(1)) {
      byte b = peek.readByte();
      start[n++] = b;
      boolean blank = b == ' ' || b == '\t' || b == '\r' || b == '\n';
      boolean bom = n <= 3 && (b & 0x80) != 0; // EF BB BF, checked by mayBeJson
      if (!blank && !bom) {
        break;
      }
    }
    if (NotABatch.mayBeJson(start, n)) {
      return null;
    }
    while (n < start.length && peek.request(1)) {
      start[n++] = peek.readByte(); // the rest of what the message quotes
    }
    listener.onBytes(n);
    return NotABatch.check(
        response.code(),
        type,
        start,
        n,
        HttpFailures.displayUrl(context.url()),
        context.redactor());
  }

  /** Whether a validator of the response differs from the one the request sent. */
  private boolean isNewValidator(Response response) {
    String e = response.header("ETag");
    String m = response.header("Last-Modified");
    return (e != null && !e.equals(etag)) || (m != null && !m.equals(lastModified));
  }

  /**
   * The id of a raw message: every validator of its response, since a resource's version is all of
   * them together (nchan restarts its {@code Etag} at 0 every second, so only the pair with {@code
   * Last-Modified} tells two messages apart). The {@code ETag} alone, the {@code Last-Modified}
   * alone, or both as {@code <ETag> <Last-Modified>} (an entity tag holds no space); null for none.
   * {@link #validators(String)} reads it back.
   */
  static String validatorId(String etag, String lastModified) {
    if (etag == null) {
      return lastModified;
    }
    return lastModified == null ? etag : etag + " " + lastModified;
  }

  /**
   * The validators in a raw message's id ({@link #validatorId}): {@code [ETag, Last-Modified]},
   * either null. An id that reads as an HTTP date is a {@code Last-Modified}; an id that ends with
   * a space and an HTTP date is both; any other id is an {@code ETag}.
   */
  static String[] validators(String id) {
    if (id == null) {
      return new String[2];
    }
    if (HttpFailures.parseHttpDate(id) != null) {
      return new String[] {null, id};
    }
    for (int i = id.indexOf(' '); i > 0; i = id.indexOf(' ', i + 1)) {
      String date = id.substring(i + 1);
      if (HttpFailures.parseHttpDate(date) != null) {
        return new String[] {id.substring(0, i), date};
      }
    }
    return new String[] {id, null};
  }

  private void remember(Response response) {
    String e = response.header("ETag");
    if (e != null) {
      etag = e;
    }
    String m = response.header("Last-Modified");
    if (m != null) {
      lastModified = m;
    }
  }

  /**
   * A {@code 200} JSON body that is not a batch (an object without {@code messages}, an array of
   * objects without {@code data}: a plain REST resource) is read as nothing new, and said once per
   * connection: every poll would say the same.
   */
  private void reportNotABatch(byte[] body) {
    if (reportedNotABatch) {
      return;
    }
    reportedNotABatch = true;
    String start = new String(body, 0, Math.min(body.length, SHOWN_START), StandardCharsets.UTF_8);
    listener.onError(
        new DecodeException(
            "A poll response from "
                + HttpFailures.displayUrl(context.url())
                + " is JSON but not a batch (an array of envelopes {\"id\",\"type\",\"data\"},"
                + " or {\"messages\": [...]}), so it brought no message: "
                + start
                + (body.length > SHOWN_START ? "…" : "")
                + ". Set tidings.format=raw to receive the whole body as one message when it"
                + " changes. (Said once per connection.)",
            null));
  }

  /** Hands the cursor and validators to core, which keeps them for the next connection. */
  private void reportHints() {
    if (!raw) {
      listener.onResumeHint(HINT_CURSOR, cursor);
    }
    listener.onResumeHint(HINT_ETAG, etag);
    listener.onResumeHint(HINT_LAST_MODIFIED, lastModified);
  }

  private void opened() {
    if (!opened) {
      opened = true;
      listener.onOpen();
    }
  }

  private Outcome deliverRaw(Response response, byte[] body, boolean newValidator) {
    String id = validatorId(response.header("ETag"), response.header("Last-Modified"));
    listener.onFrame(id == null ? Frame.binary(body) : Frame.rawWithId(id, body));
    return newValidator ? Outcome.DATA : Outcome.EMPTY;
  }

  /**
   * Reads a batch as a stream: envelopes are handed to core in chunks of at most {@value
   * #CHUNK_MESSAGES} or about {@code tidings.max-message-size} bytes, so neither the body nor the
   * batch is ever held whole, and back-pressure applies between chunks.
   */
  private Outcome deliverBatch(ResponseBody body) throws IOException {
    String sent = cursor;
    long limit = PollOptions.maxBodySize(context.config());
    if (body.contentLength() > limit) {
      throw new BodyTooLarge(limit, body.contentLength()); // refused unread
    }
    BatchReader batch = new BatchReader(context, listener);
    byte[] start;
    try (CountingStream in = new CountingStream(body.byteStream(), limit, listener)) {
      try {
        batch.read(in);
      } finally {
        batch.flush();
      }
      start = in.start();
    }
    if (batch.notABatch) {
      reportNotABatch(start);
      listener.onEmptyResponse();
      return Outcome.EMPTY;
    }
    if (batch.count == 0) {
      listener.onEmptyResponse();
    }
    String next =
        batch.truncated || batch.cursor == null ? batch.lastId : batch.cursor; // null: none
    if (next != null) {
      cursor = next;
    }
    if (batch.count == 0) {
      return Outcome.EMPTY; // even with more: true, see Outcome.MORE
    }
    if (batch.truncated) {
      listener.onError(
          new MessageTooLargeException(
              context.config().option(PollOptions.MAX_BATCH_SIZE),
              "A poll response from "
                  + HttpFailures.displayUrl(context.url())
                  + " holds more than tidings.poll.max-batch-size="
                  + context.config().option(PollOptions.MAX_BATCH_SIZE)
                  + " messages; the rest of it was not read and the next poll resumes from the"
                  + " last message delivered. Ask the server for smaller batches or raise"
                  + " tidings.poll.max-batch-size"));
      return next == null || next.equals(sent) ? Outcome.EMPTY : Outcome.MORE;
    }
    if (next != null && next.equals(sent)) {
      // The server answered with what the cursor already covers (it ignores the cursor, or
      // replays the last message): core drops the repeats; polling again at once would only get
      // them again.
      return Outcome.EMPTY;
    }
    return batch.more ? Outcome.MORE : Outcome.DATA;
  }

  /** A raw body is one message: read up to one byte past {@code tidings.max-message-size}. */
  private byte[] readRaw(ResponseBody body) throws IOException {
    long limit =
        Math.min(context.config().maxMessageSize(), PollOptions.maxBodySize(context.config()));
    long declared = body.contentLength();
    if (declared > limit) {
      throw new BodyTooLarge(limit, declared);
    }
    try (CountingStream in = new CountingStream(body.byteStream(), limit, listener)) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
    }
  }

  /**
   * The default largest poll body: {@value #BODY_LIMIT_FACTOR} × {@code tidings.max-message-size},
   * at least {@link #MIN_BODY_LIMIT} ({@code tidings.poll.max-body-size} overrides it). Bodies are
   * parsed as a stream, so the limit bounds how much one poll reads, not memory. A body that
   * declares a larger {@code Content-Length} is still read (envelopes before the limit are
   * delivered), and one that goes past the limit ends the connection with a {@link
   * MessageTooLargeException}.
   *
   * @param maxMessageSize {@code tidings.max-message-size}, in bytes
   * @return the limit in bytes
   */
  public static long bodyLimit(long maxMessageSize) {
    long scaled =
        maxMessageSize > Long.MAX_VALUE / BODY_LIMIT_FACTOR
            ? Long.MAX_VALUE
            : maxMessageSize * BODY_LIMIT_FACTOR;
    return Math.max(scaled, MIN_BODY_LIMIT);
  }

  private MessageTooLargeException tooLarge(long size, long limit) {
    String key = raw ? "tidings.max-message-size" : "tidings.poll.max-body-size";
    return new MessageTooLargeException(
        limit,
        "A poll response from "
            + HttpFailures.displayUrl(context.url())
            + (size < 0 ? " exceeds " : " of " + size + " bytes exceeds ")
            + "the poll body limit of "
            + limit
            + " bytes after decompression ("
            + key
            + ") and was "
            + (size < 0 ? "read no further" : "not read")
            + "; ask the server for smaller "
            + (raw ? "resources" : "batches")
            + " or raise "
            + key);
  }

  private void end(TidingsException reason) {
    if (ended.compareAndSet(false, true) && !closed) {
      listener.onClosed(reason);
    }
  }

  /** How many envelopes at most are handed to core at once. */
  static final int CHUNK_MESSAGES = 256;

  /** Thrown by {@link CountingStream} past the body limit. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    final long limit;
    final long declared;

    BodyTooLarge(long limit, long declared) {
      super("body over " + limit + " bytes");
      this.limit = limit;
      this.declared = declared;
    }
  }

  /** Bytes of a body that is not a batch quoted in the error. */
  private static final int SHOWN_START = 120;

  /**
   * Counts body bytes for the stats, refuses to read past the limit, and keeps the first few bytes
   * for an error message.
   */
  private static final class CountingStream extends java.io.FilterInputStream {
    private final long limit;
    private final ConnectionListener listener;
    private final byte[] start = new byte[SHOWN_START + 1];
    private int kept;
    private long count;

    CountingStream(InputStream in, long limit, ConnectionListener listener) {
      super(in);
      this.limit = limit;
      this.listener = listener;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        if (kept < start.length) {
          start[kept++] = (byte) b;
        }
        counted(1);
      }
      return b;
    }

    /** The first bytes read (one more than are shown, to tell that there were more). */
    byte[] start() {
      return java.util.Arrays.copyOf(start, kept);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // Never read more than one byte past the limit, so an endless body stops there.
      long room = limit - count + 1;
      int n = super.read(b, off, (int) Math.min(len, Math.max(1, room)));
      if (n > 0) {
        int keep = Math.min(n, start.length - kept);
        if (keep > 0) {
          System.arraycopy(b, off, start, kept, keep);
          kept += keep;
        }
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws BodyTooLarge {
      count += n;
      listener.onBytes(n);
      if (count > limit) {
        throw new BodyTooLarge(limit, -1);
      }
    }
  }

  /**
   * Parses a batch body with a streaming parser, envelope by envelope, handing them to core in
   * chunks. One envelope is held as a tree at most while it is under {@code
   * tidings.max-message-size} on the wire; a larger one is skipped token by token and handed on as
   * an empty envelope of its size, which core refuses as too large. JSON that is not a batch (an
   * object without {@code messages}, {@code cursor} or {@code more}; an array whose first chunk
   * holds no object with {@code data}) sets {@link #notABatch} and hands nothing on.
   */
  private static final class BatchReader {
    private final TransportContext context;
    private final ConnectionListener listener;
    private final long maxMessageSize;
    private final int maxBatch;
    private final BoundedTree tree;
    private final List<Frame> chunk = new ArrayList<>();
    private long chunkBytes;
    int count;
    boolean truncated;
    boolean more;
    boolean notABatch;
    private boolean holding; // a bare array whose elements are not known to be envelopes yet
    String cursor;
    String lastId;

    BatchReader(TransportContext context, ConnectionListener listener) {
      this.context = context;
      this.listener = listener;
      this.maxMessageSize = context.config().maxMessageSize();
      this.maxBatch = context.config().option(PollOptions.MAX_BATCH_SIZE);
      this.tree = new BoundedTree(context.objectMapper());
    }

    void read(InputStream in) throws IOException {
      JsonParser p;
      JsonToken first;
      try {
        p = context.objectMapper().createParser(in);
      } catch (JsonProcessingException e) {
        throw notJson(e);
      }
      try (p) {
        first = p.nextToken();
        if (first == null) {
          return; // an empty body
        }
        if (first == JsonToken.START_ARRAY) {
          holding = true;
          readEnvelopes(p);
          if (holding && count > 0) {
            notABatch = true; // no element was an envelope
          }
        } else if (first == JsonToken.START_OBJECT) {
          boolean batchFields = false;
          while (!truncated && p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("messages".equals(field) && value == JsonToken.START_ARRAY) {
              batchFields = true;
              readEnvelopes(p);
            } else if ("cursor".equals(field) && value != JsonToken.VALUE_NULL) {
              batchFields = true;
              if (!value.isScalarValue()) {
                throw new DecodeException(
                    "A poll response from "
                        + HttpFailures.displayUrl(context.url())
                        + " has a \"cursor\" that is not a string",
                    null);
              }
              cursor = p.getValueAsString();
            } else if ("more".equals(field)) {
              batchFields = true;
              more = p.getValueAsBoolean();
            } else if ("messages".equals(field)) {
              throw notABatch(context);
            } else {
              p.skipChildren();
            }
          }
          notABatch = !batchFields;
        } else {
          throw notABatch(context);
        }
      } catch (JsonProcessingException e) {
        throw notJson(e);
      }
    }

    private DecodeException notJson(IOException e) {
      return new DecodeException(
          "A poll response from "
              + HttpFailures.displayUrl(context.url())
              + " is not valid JSON; expected a batch (an array of envelopes, or"
              + " {\"messages\": [...]}), or set tidings.format=raw",
          e);
    }

    /** Reads array elements as envelopes, each with its size on the wire, up to the array's end. */
    private void readEnvelopes(JsonParser p) throws IOException {
      while (!notABatch && p.nextToken() != JsonToken.END_ARRAY) {
        if (count >= maxBatch) {
          truncated = true; // the rest of the body is not read
          return;
        }
        long start = p.currentTokenLocation().getByteOffset();
        JsonNode envelope = tree.read(p, start, maxMessageSize);
        long size = Math.max(0, p.currentLocation().getByteOffset() - start);
        add(
            envelope == null
                ? Frame.envelope(NullNode.getInstance(), size)
                : Frame.envelope(envelope, size));
      }
    }

    private void add(Frame frame) {
      count++;
      JsonNode node = frame.node();
      JsonNode id = node.isObject() ? node.get("id") : null;
      if (id != null && (id.isTextual() || id.isIntegralNumber())) {
        lastId = id.asText();
      }
      if (holding && node.isObject() && node.has("data")) {
        holding = false; // an envelope (a message or a gap notice): this is a batch
      }
      chunk.add(frame);
      chunkBytes += frame.size();
      if (chunk.size() >= CHUNK_MESSAGES || chunkBytes >= maxMessageSize) {
        if (holding) {
          notABatch = true; // a whole chunk and not one envelope: a plain JSON array
          chunk.clear();
          return;
        }
        flush();
      }
    }

    /** Hands the envelopes read so far to core; drops them when this is not a batch. */
    void flush() {
      if (holding || notABatch) {
        chunk.clear();
        chunkBytes = 0;
      } else if (!chunk.isEmpty()) {
        List<Frame> frames = List.copyOf(chunk);
        chunk.clear();
        chunkBytes = 0;
        listener.onFrames(frames);
      }
    }

    private static DecodeException notABatch(TransportContext context) {
      return new DecodeException(
          "A poll response from "
              + HttpFailures.displayUrl(context.url())
              + " is not a batch: expected an array of envelopes or an object with a"
              + " \"messages\" array",
          null);
    }
  }
}
