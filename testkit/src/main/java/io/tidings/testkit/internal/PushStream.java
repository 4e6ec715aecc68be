package io.tidings.testkit.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * A stream that pushes the feed to one client (SSE or WebSocket), one item per asynchronous write,
 * holding no thread while it waits. Each write's callback is this object; {@link IteratingCallback}
 * serializes {@link #process()} calls, so the queue is touched by one thread at a time.
 */
abstract class PushStream extends IteratingCallback implements ActiveStream {
  /** Marker for a heartbeat item. */
  static final Object HEARTBEAT = new Object();

  /** Why a fault ended a stream. */
  static final class DroppedByFault extends IOException {
    private static final long serialVersionUID = 1L;

    DroppedByFault(String why) {
      super(why);
    }
  }

  private static final int FETCH = 64;

  protected final Hub hub;
  protected final Counters counters;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final int dropOnceLimit;
  private final boolean stalledAtStart;
  private long seenDropEpoch = -1;
  private int sentSinceDropRule;
  private final AtomicBoolean heartbeatDue = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final Runnable waker = this::iterate;
  private volatile boolean stalled;
  private volatile long reposition = -1;
  private long queuedUpTo;
  private long lastSentSeq = -1;
  private int sentMessages;
  private Object inFlight;
  private boolean dropped;
  private volatile ScheduledFuture<?> heartbeats;

  PushStream(Hub hub, TransportKind kind, boolean stalled) {
    this.hub = hub;
    this.counters = hub.counters(kind);
    this.stalled = stalled;
    this.stalledAtStart = stalled;
    this.dropOnceLimit = stalled ? -1 : hub.faults.takeDropOnceLimit();
  }

  /** Starts streaming after {@code position}, first sending {@code preamble} items. */
  final void begin(long position, List<Object> preamble) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    queuedUpTo = position;
    lastSentSeq = position;
    queue.addAll(preamble);
    counters.connections.incrementAndGet();
    counters.open.incrementAndGet();
    hub.opened(this);
    hub.feed.addWaker(waker);
    if (!hub.config.heartbeatInterval().isZero() && !stalled) {
      heartbeats =
          hub.every(
              () -> {
                heartbeatDue.set(true);
                iterate();
              },
              hub.config.heartbeatInterval());
    }
    if (finished.get()) {
      cleanup();
    }
    iterate();
  }

  /** Resumes after {@code seq} instead, unless that is behind what was already sent. */
  final void repositionAfter(long seq) {
    reposition = seq;
    iterate();
  }

  /** Whether this stream sends {@code item}; the rest are left out. */
  boolean sends(MalformedItem item) {
    return true;
  }

  /** Writes one item; must call {@link #succeeded()} or {@link #failed(Throwable)} when done. */
  abstract void send(Object item);

  /** Ends the underlying exchange: normally when {@code cause} is null, else abruptly. */
  abstract void terminate(Throwable cause);

  @Override
  protected Action process() {
    if (inFlight != null) {
      afterSent(inFlight);
      inFlight = null;
    }
    if (dropped || (dropOnceLimit >= 0 && sentMessages >= dropOnceLimit) || dropRuleReached()) {
      dropped = true;
      return Action.SUCCEEDED;
    }
    if (stalled || !started.get()) {
      return Action.IDLE;
    }
    long r = reposition;
    if (r >= 0) {
      reposition = -1;
      if (r > lastSentSeq) {
        queue.clear();
        queuedUpTo = r;
        lastSentSeq = r;
      }
    }
    Object item = next();
    if (item == null) {
      if (!heartbeatDue.getAndSet(false)) {
        return Action.IDLE;
      }
      item = HEARTBEAT;
    }
    inFlight = item;
    send(item);
    return Action.SCHEDULED;
  }

  /**
   * Whether the drop-after switch cuts this stream now: after its messages-th message since the
   * stream saw the switch (set before it opened, or while it is open).
   */
  private boolean dropRuleReached() {
    FaultState.DropRule rule = hub.faults.dropRule();
    if (rule.epoch() != seenDropEpoch) {
      seenDropEpoch = rule.epoch();
      sentSinceDropRule = 0;
    }
    return !stalledAtStart && rule.messages() >= 0 && sentSinceDropRule >= rule.messages();
  }

  private Object next() {
    if (queue.isEmpty()) {
      Fetch f = hub.feed.after(queuedUpTo, FETCH);
      if (f.hasGap()) {
        queue.add(new long[] {f.gapFirst(), f.gapLast()});
      }
      for (StoredMessage m : f.messages()) {
        for (MalformedItem bad : m.before) {
          if (sends(bad)) {
            queue.add(bad);
          }
        }
        queue.add(m);
      }
      queuedUpTo = f.endPosition(queuedUpTo);
    }
    return queue.poll();
  }

  private void afterSent(Object item) {
    if (item instanceof StoredMessage) {
      lastSentSeq = ((StoredMessage) item).seq;
      sentMessages++;
      sentSinceDropRule++;
      counters.messages.incrementAndGet();
      if (hub.faults.randomDrop()) {
        dropped = true;
      }
    } else if (item instanceof long[]) {
      lastSentSeq = Math.max(lastSentSeq, ((long[]) item)[1]);
    }
  }

  /** Whether a fault silenced this stream. */
  final boolean isStalled() {
    return stalled;
  }

  /** Bytes were written. */
  final void wrote(long bytes) {
    counters.bytes.addAndGet(bytes);
  }

  @Override
  public void wake() {
    iterate();
  }

  @Override
  public void drop() {
    abort(new DroppedByFault("dropped by a fault"));
  }

  @Override
  public void stall() {
    stalled = true;
    cancelHeartbeats();
  }

  @Override
  public void shutdown() {
    abort(new IOException("the reference server is stopping"));
  }

  @Override
  protected void onAborted(Throwable cause) {
    terminateOnce(cause);
  }

  @Override
  protected void onCompleteSuccess() {
    finish(dropped ? new DroppedByFault("dropped by a fault after a message") : null);
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    finish(cause);
  }

  private void finish(Throwable cause) {
    if (finished.compareAndSet(false, true)) {
      if (started.get()) {
        cleanup();
      }
      terminateOnce(cause);
    }
  }

  private void cleanup() {
    hub.feed.removeWaker(waker);
    cancelHeartbeats();
    if (hub.closed(this)) {
      counters.open.decrementAndGet();
    }
  }

  private void terminateOnce(Throwable cause) {
    if (terminated.compareAndSet(false, true)) {
      terminate(cause);
    }
  }

  private void cancelHeartbeats() {
    ScheduledFuture<?> h = heartbeats;
    if (h != null) {
      h.cancel(false);
    }
  }
}
