package io.tidings.testkit.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One short or long poll. A long poll with nothing to send waits for a publish or its deadline
 * without holding a thread; a stalled poll is held unanswered.
 */
final class PollExchange implements ActiveStream {
  private final Hub hub;
  private final TransportKind kind;
  private final Counters counters;
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Hub.RequestEntry entry;
  private final long position;
  private final boolean conditional;
  private final AtomicBoolean done = new AtomicBoolean();
  private final Runnable waker = this::tryAnswer;
  private volatile boolean stalled;
  private volatile boolean held;
  private volatile ScheduledFuture<?> deadline;

  PollExchange(
      Hub hub,
      TransportKind kind,
      Request request,
      Response response,
      Callback callback,
      Hub.RequestEntry entry,
      long position,
      boolean conditional) {
    this.hub = hub;
    this.kind = kind;
    this.counters = hub.counters(kind);
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.entry = entry;
    this.position = position;
    this.conditional = conditional;
  }

  /** Holds the poll unanswered until the client goes away or the server stops. */
  void stallNow() {
    stalled = true;
    hold();
  }

  /** Drops the poll now. */
  void dropNow() {
    if (done.compareAndSet(false, true)) {
      Exchanges.abort(request, response, callback, new PushStream.DroppedByFault("poll dropped"));
    }
  }

  /** Answers a short poll at once. */
  void answerNow() {
    answer(true);
  }

  /** Answers a long poll when there is data, or after {@code waitMillis} with 204. */
  void waitFor(long waitMillis) {
    if (hub.feed.after(position, 1).isEmpty() && waitMillis > 0) {
      hold();
      hub.feed.addWaker(waker);
      deadline = hub.schedule(() -> answer(true), java.time.Duration.ofMillis(waitMillis));
      tryAnswer();
      return;
    }
    answer(true);
  }

  private void hold() {
    held = true;
    counters.open.incrementAndGet();
    hub.opened(this);
    request.addFailureListener(this::failed);
  }

  /**
   * The request failed (the client went away, or the idle timeout expired). Jetty does not complete
   * the handler's callback by itself, so fail it here, or a held poll would keep its connection.
   */
  private void failed(Throwable x) {
    release();
    if (done.compareAndSet(false, true)) {
      callback.failed(x);
    }
  }

  private void tryAnswer() {
    if (!stalled && !hub.feed.after(position, 1).isEmpty()) {
      answer(false);
    }
  }

  private void answer(boolean evenIfEmpty) {
    if (stalled) {
      return;
    }
    Fetch f = hub.feed.after(position, hub.config.batchSize());
    if ((f.isEmpty() && !evenIfEmpty) || !done.compareAndSet(false, true)) {
      return;
    }
    release();
    counters.connections.incrementAndGet();
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    if (f.isEmpty()) {
      int status = conditional && kind == TransportKind.SHORTPOLL ? 304 : 204;
      entry.status(status);
      if (position > 0) {
        response.getHeaders().put(HttpHeader.ETAG, "\"" + position + "\"");
      }
      Exchanges.answer(response, callback, status, null, null);
      return;
    }
    long end = f.endPosition(position);
    String body = Wire.batch(f, Long.toString(end));
    response.getHeaders().put(HttpHeader.ETAG, "\"" + end + "\"");
    StoredMessage last = hub.feed.get(end);
    if (last != null) {
      response.getHeaders().put(HttpHeader.LAST_MODIFIED, Exchanges.httpDate(last.publishedAt));
    }
    entry.status(200);
    counters.messages.addAndGet(f.messages().size());
    counters.bytes.addAndGet(Wire.utf8Length(body));
    hub.faults.pollServed(f.messages().size());
    Exchanges.answer(response, callback, 200, "application/json", body);
  }

  private void release() {
    hub.feed.removeWaker(waker);
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
    if (held && hub.closed(this)) {
      counters.open.decrementAndGet();
    }
  }

  @Override
  public void drop() {
    release();
    dropNow();
  }

  @Override
  public void stall() {
    stalled = true;
    hub.feed.removeWaker(waker);
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
  }

  @Override
  public void shutdown() {
    release();
    if (done.compareAndSet(false, true)) {
      Exchanges.abort(
          request, response, callback, new java.io.IOException("the reference server is stopping"));
    }
  }
}
