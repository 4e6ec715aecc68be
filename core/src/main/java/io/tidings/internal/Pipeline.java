package io.tidings.internal;

import io.tidings.DecodeException;
import io.tidings.EventListener;
import io.tidings.Gap;
import io.tidings.GaveUpException;
import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.TidingsException;
import io.tidings.spi.Frame;
import io.tidings.spi.Redactor;
import io.tidings.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-agnostic data path of one subscription: decode, then sequence (de-duplicate,
 * re-order, gaps), then the bounded {@link DeliveryQueue}, then {@link #deliver} to the listener.
 * It owns the cursor (the last accepted id) and the counters, and accepts frames from any {@link
 * Attempt} the {@link LaneCoordinator} admitted: two attempts may feed it at once during a
 * handover, and the sequencer makes the overlap harmless.
 *
 * <p>Locking: {@link #sequencing} guards the {@link Sequencer} and the gap timer, and nothing else;
 * it is the only lock a message takes besides the queue's. Nothing blocks under it (producers wait
 * for queue space before taking it). The coordinator's state lock may be held while taking it,
 * never the other way round.
 */
final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final SubscriptionConfig config;
  private final SubscriptionListener listener;
  private final Scheduler scheduler;
  final DeliveryQueue queue;
  final StatsRecorder stats = new StatsRecorder();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final Object sequencing = new Object();
  private final Sequencer sequencer;
  private volatile EventListener events = EventListener.NONE;
  private volatile Subscription subscription;
  private volatile Runnable onDeliveryEnd = () -> {};
  private volatile Consumer<GaveUpException> onFatalListenerError = e -> {};

  // Guarded by sequencing.
  private Runnable gapTimer;
  private long gapTimerAfter; // the sequence number the running gap timer waits to follow
  private boolean finished;

  private volatile String lastAcceptedId;
  private volatile String lastDeliveredId;
  private volatile Throwable terminalCause;
  private final SerialDelivery delivery;
  private final DemandGate gate;
  private Object held; // a message the DemandGate refused; only the drain touches it
  private boolean deliveryOver; // only the drain touches it
  private final CursorKeeper cursorKeeper;
  private final java.util.concurrent.atomic.AtomicBoolean decodeWarned =
      new java.util.concurrent.atomic.AtomicBoolean(); // the first decode error was logged

  /**
   * @param deliverOn where the listener's callbacks run: the shared delivery pool or the configured
   *     executor (serially, through a {@link SerialDelivery})
   */
  Pipeline(
      SubscriptionConfig config,
      SubscriptionListener listener,
      Scheduler scheduler,
      java.util.concurrent.Executor deliverOn) {
    this.config = config;
    this.listener = listener;
    this.scheduler = scheduler;
    this.delivery = new SerialDelivery(deliverOn, this::drain, config.name());
    this.queue =
        new DeliveryQueue(
            config.deliveryQueueCapacity(), config.deliveryQueueBytes(), delivery::signal);
    this.gate = listener instanceof DemandGate ? (DemandGate) listener : null;
    if (gate != null) {
      gate.onWake(delivery::signal);
    }
    // The re-order buffer is bounded in bytes by the same budget as the delivery queue.
    this.sequencer =
        new Sequencer(
            config.orderingPolicy(),
            config.deliveryQueueBytes(),
            this::enqueueMessage,
            this::enqueueGap);
    this.cursorKeeper =
        CursorKeeper.open(config, scheduler, () -> queue.addEvent(CursorFlush.INSTANCE));
    String resumeAfter = cursorKeeper.initialId();
    if (resumeAfter != null) {
      sequencer.resumeAfter(resumeAfter);
      lastAcceptedId = resumeAfter;
      lastDeliveredId = resumeAfter;
    }
  }

  /** Wires the operator listener and what runs once delivery ended (releasing shared resources). */
  void attach(
      Subscription subscription,
      EventListener events,
      Runnable onDeliveryEnd,
      Consumer<GaveUpException> onFatalListenerError) {
    this.subscription = subscription;
    this.events = events;
    this.onDeliveryEnd = onDeliveryEnd;
    this.onFatalListenerError = onFatalListenerError;
  }

  // ---- Network side (any admitted attempt's thread) ----

  /**
   * Takes one frame of {@code from}. Call after {@link DeliveryQueue#awaitSpace()}. Frames of an
   * attempt that is no longer admitted are dropped (checked under the lock, so none slips in after
   * {@link #retire} returned).
   */
  void accept(Attempt from, Frame frame, FrameDecoder decoder) {
    Object decoded = decode(decoder, frame, from.redactor);
    synchronized (sequencing) {
      if (!from.isAdmitted()) {
        return;
      }
      take(decoded);
      armGapTimer();
      if (frame.clearsLastId()) {
        sequencer.clearLastId(); // even when the data was bad: the id field still counts
      }
      lastAcceptedId = sequencer.lastId();
    }
  }

  /** As {@link #accept} for {@code Frame.event(id, type, data)}, without the frame. */
  void acceptEvent(Attempt from, String id, String type, String data, FrameDecoder decoder) {
    Object decoded;
    try {
      decoded = decoder.decodeEvent(id, type, data, System.nanoTime());
    } catch (TidingsException e) {
      decoded = failed(e, from.redactor);
    }
    synchronized (sequencing) {
      if (!from.isAdmitted()) {
        return;
      }
      take(decoded);
      armGapTimer();
      if (id != null && id.isEmpty()) {
        sequencer.clearLastId(); // even when the data was bad: the id field still counts
      }
      lastAcceptedId = sequencer.lastId();
    }
  }

  /**
   * Takes a batch of {@code from}, in order; errors stay in order with the messages around them.
   */
  void acceptAll(Attempt from, List<Frame> frames, FrameDecoder decoder) {
    List<Object> decoded = new ArrayList<>(frames.size());
    for (Frame f : frames) {
      decoded.add(decode(decoder, f, from.redactor));
    }
    synchronized (sequencing) {
      if (!from.isAdmitted()) {
        return;
      }
      decoded.forEach(this::take);
      armGapTimer();
      lastAcceptedId = sequencer.lastId();
    }
  }

  /** An error a connection reported that does not end it; counts against the queue capacity. */
  void reportError(TidingsException error) {
    log.debug("Subscription '{}': {}", config.name(), error.getMessage());
    stats.errors.increment();
    queue.addCounted(error);
  }

  /** Stops {@code attempt}'s frames: once this returns, none of them reaches the sequencer. */
  void retire(Attempt attempt) {
    synchronized (sequencing) {
      attempt.unadmit();
    }
  }

  /** The last accepted id: where a new connection resumes. Null for none. Lock-free. */
  String lastAcceptedId() {
    return lastAcceptedId;
  }

  /** A message, a gap, or the error (with the attempt's secrets redacted: data may echo them). */
  private Object decode(FrameDecoder decoder, Frame frame, Redactor redactor) {
    try {
      return decoder.decode(frame, System.nanoTime());
    } catch (TidingsException e) {
      return failed(e, redactor);
    }
  }

  /** A decode failure, with the attempt's secrets redacted; the first is logged at WARN. */
  private TidingsException failed(TidingsException e, Redactor redactor) {
    TidingsException clean = redactor.sanitize(e);
    if (clean instanceof DecodeException && decodeWarned.compareAndSet(false, true)) {
      log.warn(
          "Subscription '{}': {} (said once; every message that cannot be decoded is reported"
              + " through onError and logged at DEBUG)",
          config.name(),
          clean.getMessage());
    }
    return clean;
  }

  private void take(Object decoded) {
    if (decoded instanceof Message) {
      sequencer.accept((Message) decoded);
    } else if (decoded instanceof Gap) {
      sequencer.serverGap((Gap) decoded);
    } else {
      reportError((TidingsException) decoded);
    }
  }

  private void enqueueMessage(Message m) {
    queue.addMessage(m);
  }

  private void enqueueGap(Gap gap) {
    stats.gaps.increment();
    queue.addEvent(gap);
  }

  /** Each hole gets the full gap timeout: the timer restarts when the first missing one moves. */
  private void armGapTimer() {
    boolean waiting = sequencer.isWaiting();
    if (gapTimer != null && (!waiting || gapTimerAfter != sequencer.lastSequence())) {
      gapTimer.run();
      gapTimer = null;
    }
    if (waiting && gapTimer == null && !finished) {
      gapTimerAfter = sequencer.lastSequence();
      gapTimer = scheduler.schedule(this::onGapTimeout, config.orderingPolicy().gapTimeout());
    }
  }

  private void onGapTimeout() {
    synchronized (sequencing) {
      gapTimer = null;
      if (!finished) {
        sequencer.gapTimeout();
        armGapTimer();
        lastAcceptedId = sequencer.lastId();
      }
    }
  }

  // ---- Events from the coordinator ----

  /** A state change, in order with the messages. Never blocks. */
  void stateChanged(SubscriptionState from, SubscriptionState to, Throwable cause) {
    queue.addEvent(new StateEvent(from, to, cause));
  }

  /** The subscription moved to another transport, in order with the messages. Never blocks. */
  void transportChanged(String from, String to, String reason) {
    queue.addEvent(new TransportChange(from, to, reason));
  }

  /** A failure that did not end the subscription (a connection that will be retried). */
  void connectionFailed(TidingsException reason) {
    stats.errors.increment();
    queue.addEvent(reason);
  }

  /**
   * Queues the last events and accepts nothing more.
   *
   * @param change the state change to CLOSED
   * @param cause what {@link #closed()} fails with and {@code onClosed} receives, or null
   * @param dropQueued true when the application closed (drop undelivered messages)
   */
  void finish(StateEvent change, Throwable cause, boolean dropQueued) {
    synchronized (sequencing) {
      finished = true;
      if (gapTimer != null) {
        gapTimer.run();
        gapTimer = null;
      }
    }
    if (cause != null && terminalCause == null) {
      terminalCause = cause;
    }
    queue.close(dropQueued, change, ClosedEvent.INSTANCE);
  }

  /** Completes when delivery ended: normally, or with the {@link #finish} cause. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  /** Sets what {@link #closed()} fails with, unless a cause is set already. */
  void failIfNoCause(Throwable cause) {
    if (terminalCause == null) {
      terminalCause = cause;
    }
  }

  Throwable terminalCause() {
    return terminalCause;
  }

  SubscriptionStats stats(String transport) {
    long duplicates;
    synchronized (sequencing) {
      duplicates = sequencer.duplicates();
    }
    return stats.snapshot(transport, duplicates, queue.size());
  }

  String lastDeliveredId() {
    return lastDeliveredId;
  }

  /** The serial delivery running the callbacks. */
  SerialDelivery delivery() {
    return delivery;
  }

  // ---- Delivery ----

  /** One drain of the queue, run by {@link #delivery} on the pool: delivers up to budget items. */
  private SerialDelivery.Result drain(int budget) {
    try {
      for (int i = 0; i < budget; i++) {
        Object item = held;
        if (item != null) {
          held = null;
        } else if ((item = queue.poll(Message.class)) == null) {
          return SerialDelivery.Result.IDLE;
        }
        if (item instanceof Message && gate != null && !gate.tryAcquire()) {
          held = item; // no demand: let go of the thread; the gate wakes us
          return SerialDelivery.Result.IDLE;
        }
        if (!deliver(item)) {
          return SerialDelivery.Result.DONE;
        }
      }
      return SerialDelivery.Result.MORE;
    } catch (VirtualMachineError e) {
      endDelivery(); // listenerThrew ended the subscription: nothing more is delivered
      throw e;
    }
  }

  /**
   * Delivers one item taken from the queue to the listener (the one place callbacks are made).
   *
   * @return false after the final item ({@code onClosed})
   */
  boolean deliver(Object item) {
    if (item instanceof Message) {
      Message m = (Message) item;
      stats.delivered(m.receivedNanos());
      if (m.id() != null) {
        lastDeliveredId = m.id();
      }
      EventListener ev = events;
      if (ev != EventListener.NONE) {
        try {
          ev.messageDelivered(subscription, m);
        } catch (RuntimeException e) {
          log.warn("Subscription '{}': the EventListener threw; ignored", config.name(), e);
        }
      }
      try {
        listener.onMessage(m); // the hot path: no lambda per message for the listener
      } catch (RuntimeException | Error e) {
        listenerThrew("onMessage", e);
      }
      if (m.id() != null && cursorKeeper.isActive()) {
        TidingsException failed = cursorKeeper.delivered(m.id());
        if (failed != null) {
          stats.errors.increment();
          call(() -> listener.onError(failed), "onError");
        }
      }
    } else if (item instanceof StateEvent) {
      StateEvent e = (StateEvent) item;
      call(() -> listener.onStateChange(e.from(), e.to(), e.cause()), "onStateChange");
    } else if (item instanceof TransportChange) {
      TransportChange c = (TransportChange) item;
      call(() -> listener.onTransportChange(c.from(), c.to(), c.reason()), "onTransportChange");
    } else if (item instanceof Gap) {
      call(() -> listener.onGap((Gap) item), "onGap");
    } else if (item instanceof TidingsException) {
      call(() -> listener.onError((TidingsException) item), "onError");
    } else if (item == CursorFlush.INSTANCE) {
      cursorKeeper.flushHeldBack();
    } else if (item instanceof ClosedEvent) {
      Throwable cause = terminalCause;
      try {
        call(() -> listener.onClosed(cause), "onClosed");
        event(() -> events.closed(subscription, cause));
      } finally {
        endDelivery();
      }
      return false;
    }
    return true;
  }

  /** Delivery is over: shared resources are released and {@link #closed()} completes. */
  private void endDelivery() {
    if (deliveryOver) {
      return;
    }
    deliveryOver = true;
    cursorKeeper.close();
    Throwable cause = terminalCause;
    onDeliveryEnd.run();
    if (cause != null) {
      closed.completeExceptionally(cause);
    } else {
      closed.complete(null);
    }
  }

  private void call(Runnable call, String callback) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      listenerThrew(callback, e);
    }
  }

  /** Runs an operator event, logging what it throws. */
  void event(Runnable call) {
    if (events == EventListener.NONE) {
      return;
    }
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("Subscription '{}': the EventListener threw; ignored", config.name(), e);
    }
  }

  /**
   * A callback threw. Delivery goes on, except after a {@link VirtualMachineError} other than a
   * stack overflow (the JVM may be broken): then the subscription ends with a {@link
   * GaveUpException} caused by that error, so nothing is left running behind a dead delivery
   * thread, and the error is rethrown.
   */
  private void listenerThrew(String callback, Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
      log.error(
          "Subscription '{}': the listener's {} threw {}; ending the subscription",
          config.name(),
          callback,
          e.toString());
      onFatalListenerError.accept(
          new GaveUpException(0, Duration.ZERO, "The listener's " + callback + " threw " + e, e));
      throw (VirtualMachineError) e;
    }
    long count = stats.listenerThrew();
    if (Long.bitCount(count) == 1) { // the 1st, 2nd, 4th, 8th...: a listener failing on every
      // message cannot flood the log, and one that fails now and then is still seen
      log.warn(
          "Subscription '{}': the listener's {} threw (listener exceptions so far: {}, counted in"
              + " stats().listenerExceptions()); delivery goes on",
          config.name(),
          callback,
          count,
          e);
    } else {
      log.debug(
          "Subscription '{}': the listener's {} threw (listener exceptions so far: {})",
          config.name(),
          callback,
          count,
          e);
    }
  }

  /** A transport change as queued for the listener. */
  record TransportChange(String from, String to, String reason) {}

  /** A state change as queued for the listener. */
  record StateEvent(SubscriptionState from, SubscriptionState to, Throwable cause) {}

  private enum ClosedEvent {
    INSTANCE
  }

  /** The cursor store's held-back write is due (queued by the store's timer). */
  private enum CursorFlush {
    INSTANCE
  }
}
