package io.tidings.internal;

import io.tidings.ConfigurationException;
import io.tidings.ConnectionException;
import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.ServerClosedException;
import io.tidings.StallException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.Redactor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live subscription: the state machine, the reconnect loop, stall detection, ordering and
 * delivery. Transports only report through {@link Attempt}; every policy is applied here.
 *
 * <p>Delivery: the listener's callbacks run one at a time, in order, through a {@link
 * SerialDelivery} on the shared {@link DeliveryPool} (or on the configured executor), never on a
 * network or timer thread, and without a thread of the subscription's own.
 *
 * <p>Locking: {@link #lock} guards the state, the current attempt, the failure count and the {@link
 * Sequencer}. Nothing blocking happens under it: the network thread waits for queue space before
 * taking it, and listener calls happen on the delivery pool without it.
 */
public final class SubscriptionEngine implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionEngine.class);

  /** How long {@link #close()} waits for threads before interrupting and logging. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final SubscriptionConfig config;
  private final SubscriptionListener listener;
  private final List<TransportProvider> providers;
  private final List<EngineContext> contexts = new ArrayList<>();
  private final SharedRuntime runtime;
  private final TrackedExecutor executor;
  private final SerialDelivery delivery;
  private final DemandGate gate;
  private final DeliveryQueue queue;
  private final StatsRecorder stats = new StatsRecorder();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final Object lock = new Object();
  private final Sequencer sequencer;

  // Guarded by lock.
  private SubscriptionState state = SubscriptionState.CONNECTING;
  private int providerIndex;
  private int failures;
  private long windowStartNanos;
  private Duration retryHint;
  private Runnable pendingReconnect;
  private Runnable gapTimer;
  private long gapTimerAfter; // the sequence number the running gap timer waits to follow
  private boolean terminated;
  private Throwable terminalCause;

  private int attempts; // connection attempts so far
  private boolean refreshCredentials; // the next attempt asks the provider for fresh credentials
  private boolean credentialsRefreshed; // the last attempt used fresh credentials after a refusal
  // The secrets the previous attempt added (its credentials): a server may still echo them.
  private volatile Redactor previousAttemptSecrets = Redactor.NONE;

  private final ConnectionHooks hooks;
  private final CursorKeeper cursorKeeper;
  private volatile Attempt current;
  private volatile String lastDeliveredId;
  private Object held; // a message the DemandGate refused; only the drain touches it
  private boolean finished; // only the drain touches it

  private SubscriptionEngine(
      SubscriptionConfig config, SubscriptionListener listener, List<TransportProvider> providers) {
    this.config = config;
    this.listener = listener;
    this.providers = providers;
    this.sequencer = new Sequencer(config.orderingPolicy(), this::enqueueMessage, this::enqueueGap);
    this.hooks = new ConnectionHooks(config);
    this.cursorKeeper = CursorKeeper.open(config);
    String resumeAfter = cursorKeeper.initialId();
    if (resumeAfter != null) {
      sequencer.resumeAfter(resumeAfter);
      lastDeliveredId = resumeAfter;
    }
    this.executor =
        new TrackedExecutor(config.executor().orElse(null), "tidings-" + config.name() + "-");
    this.executor.onFailure(this::taskFailed);
    this.runtime = SharedRuntime.acquire();
    Executor deliverOn = config.executor().orElse(null);
    this.delivery =
        new SerialDelivery(
            deliverOn != null ? deliverOn : runtime.deliveryPool(), this::drain, config.name());
    this.queue =
        new DeliveryQueue(
            config.deliveryQueueCapacity(), config.deliveryQueueBytes(), delivery::signal);
    this.gate = listener instanceof DemandGate ? (DemandGate) listener : null;
    if (gate != null) {
      gate.onWake(delivery::signal);
    }
    try {
      for (TransportProvider p : providers) {
        contexts.add(new EngineContext(config, p.name(), p.quietPeriod(config), runtime, executor));
      }
    } catch (RuntimeException e) {
      runtime.release();
      throw e;
    }
  }

  /**
   * Starts a subscription: resolves the transports (failing fast when one is missing) and starts
   * the first connection. Delivery starts with the first item to deliver.
   */
  public static Subscription start(
      SubscriptionConfig config, SubscriptionListener listener, TransportRegistry registry) {
    List<TransportProvider> providers = registry.getAll(config.transports());
    for (TransportProvider p : providers) {
      try {
        p.checkOptions(config);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(null, e.getMessage(), e);
      }
    }
    SubscriptionEngine engine = new SubscriptionEngine(config, listener, providers);
    synchronized (engine.lock) {
      engine.windowStartNanos = System.nanoTime();
    }
    engine.connectSoon();
    return engine;
  }

  // ---- Subscription ----

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String transport() {
    synchronized (lock) {
      return providers.get(providerIndex).name();
    }
  }

  @Override
  public SubscriptionState state() {
    synchronized (lock) {
      return state;
    }
  }

  @Override
  public boolean awaitState(SubscriptionState wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (state != wanted) {
        if (state == SubscriptionState.CLOSED) {
          return false;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  @Override
  public Optional<String> lastEventId() {
    return Optional.ofNullable(lastDeliveredId);
  }

  @Override
  public SubscriptionStats stats() {
    long duplicates;
    String transport;
    synchronized (lock) {
      duplicates = sequencer.duplicates();
      transport = providers.get(providerIndex).name();
    }
    return stats.snapshot(transport, duplicates, queue.size());
  }

  @Override
  public CompletionStage<Void> send(String text) {
    Connection c = sendableConnection();
    return c == null ? notSendable() : c.send(text);
  }

  @Override
  public CompletionStage<Void> send(byte[] bytes) {
    Connection c = sendableConnection();
    return c == null ? notSendable() : c.send(bytes);
  }

  private Connection sendableConnection() {
    synchronized (lock) {
      Attempt a = current;
      boolean canSend = providers.get(providerIndex).capabilities().contains(Capability.SEND);
      return canSend && state == SubscriptionState.OPEN && a != null ? a.connection : null;
    }
  }

  private CompletionStage<Void> notSendable() {
    synchronized (lock) {
      String name = providers.get(providerIndex).name();
      if (!providers.get(providerIndex).capabilities().contains(Capability.SEND)) {
        return CompletableFuture.failedFuture(
            new TidingsException(
                FailureKind.UNSUPPORTED,
                "Transport '"
                    + name
                    + "' is receive-only and cannot send; use tidings.transport=websocket to send"));
      }
      return CompletableFuture.failedFuture(
          new TidingsException(
              FailureKind.NOT_OPEN,
              "Cannot send: the subscription is "
                  + state
                  + "; wait with awaitState(OPEN, timeout) before sending"));
    }
  }

  @Override
  public void close() {
    Connection toClose;
    synchronized (lock) {
      toClose = terminate(null, true);
    }
    hooks.cancel();
    if (toClose != null) {
      toClose.close();
    }
    // From a callback, everything but the calling drain is awaited: it ends after the callback.
    boolean onDeliveryThread = delivery.isDeliveryThread();
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    boolean idle =
        executor.awaitIdle(0, CLOSE_TIMEOUT)
            && (onDeliveryThread
                || delivery.awaitDone(Duration.ofNanos(deadline - System.nanoTime())));
    if (!idle) {
      Thread t = delivery.runner();
      log.warn(
          "Subscription '{}': threads still running {} ms after close (a listener callback that"
              + " does not return?); interrupting the delivery thread",
          config.name(),
          CLOSE_TIMEOUT.toMillis());
      if (t != null && !onDeliveryThread) {
        t.interrupt();
      }
    } else if (!onDeliveryThread) {
      // When this was the last subscription, its drain shut the shared threads down: wait for
      // the delivery pool's last thread too, so that no Tidings thread is left when this returns.
      runtime.awaitShutDown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  @Override
  public CompletionStage<Void> closed() {
    return closed.minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "Subscription{name="
        + config.name()
        + ", transport="
        + transport()
        + ", state="
        + state()
        + '}';
  }

  // ---- Connections ----

  /**
   * Runs {@link #connect()} where it may block: on the executor when a credentials provider may
   * make it wait, else right here (the timer thread, or the caller of {@code start}).
   */
  private void connectSoon() {
    if (!hooks.mayBlock()) {
      connect();
      return;
    }
    try {
      executor.execute(this::connect, "connect");
    } catch (RuntimeException e) {
      log.warn("Subscription '{}': the executor refused the connect task: {}", config.name(), e);
      Connection toClose;
      synchronized (lock) {
        terminalCause =
            new GaveUpException(
                attempts,
                Duration.ofNanos(System.nanoTime() - windowStartNanos),
                "The configured executor refused the connect task",
                new ConnectionException("executor refused the connect task", e));
        toClose = terminate(terminalCause, false);
      }
      if (toClose != null) {
        toClose.close();
      }
    }
  }

  private void connect() {
    Attempt attempt;
    Cursor cursor;
    int number;
    boolean refresh;
    synchronized (lock) {
      if (terminated) {
        return;
      }
      pendingReconnect = null;
      attempt = new Attempt(providers.get(providerIndex), contexts.get(providerIndex));
      current = attempt;
      String last = sequencer.lastId();
      cursor = last == null ? Cursor.none() : Cursor.of(last);
      number = ++attempts;
      refresh = refreshCredentials;
      credentialsRefreshed = refresh;
      refreshCredentials = false;
    }
    log.debug(
        "Subscription '{}': connecting over {} from {}",
        config.name(),
        attempt.provider.name(),
        cursor);
    TransportContext context;
    try {
      context = hooks.prepare(attempt.context, cursor, number, refresh);
    } catch (TidingsException e) {
      attempt.onClosed(e);
      return;
    }
    if (context instanceof AttemptContext) {
      Redactor fresh = ((AttemptContext) context).attemptSecrets();
      attempt.redactor = context.redactor().and(previousAttemptSecrets);
      previousAttemptSecrets = fresh;
    }
    try {
      attempt.setConnection(attempt.provider.connect(context, cursor, attempt));
    } catch (RuntimeException e) {
      attempt.onClosed(
          e instanceof TidingsException
              ? (TidingsException) e
              : new ProtocolException(
                  "Transport '" + attempt.provider.name() + "' failed to connect: " + e, e));
      return;
    }
    attempt.scheduleStallCheck(attempt.context.stallTimeout());
  }

  /**
   * A network task ended with what it threw (an {@link OutOfMemoryError} while reading, a bug): the
   * current connection is ended at once with that error as its cause, reported through {@code
   * onError} like any failure, and replaced after the backoff, instead of hanging until the stall
   * timeout.
   */
  private void taskFailed(String role, Throwable e) {
    Attempt a = current;
    if (a != null) {
      attemptEnded(
          a,
          a.redactor.sanitize(
              new io.tidings.ConnectionException(
                  "A network task of subscription '"
                      + config.name()
                      + "' failed with "
                      + e
                      + "; the connection was dropped and is replaced. If it ran out of memory, give"
                      + " the JVM more heap or lower tidings.max-message-size and"
                      + " tidings.delivery.queue-bytes",
                  e)));
    }
  }

  private void reconnect() {
    stats.reconnects.increment();
    connectSoon();
  }

  @Override
  public void reconnectNow() {
    Connection toClose = null;
    synchronized (lock) {
      if (terminated) {
        return;
      }
      cancel(pendingReconnect);
      pendingReconnect = null;
      Attempt a = current;
      current = null;
      if (a != null) {
        a.ended = true;
        a.cancelStallCheck();
        toClose = a.connection;
      }
      setState(SubscriptionState.RECONNECTING, null);
    }
    log.debug("Subscription '{}': reconnecting now, as the application asked", config.name());
    if (toClose != null) {
      toClose.close();
    }
    stats.reconnects.increment();
    connectSoon();
  }

  /** An attempt ended on its own. Decides: reconnect after a delay, or end the subscription. */
  private void attemptEnded(Attempt attempt, TidingsException reason) {
    Connection toClose;
    synchronized (lock) {
      if (attempt.ended) {
        return;
      }
      attempt.ended = true;
      attempt.cancelStallCheck();
      toClose = attempt.connection;
      if (current != attempt || terminated) {
        current = current == attempt ? null : current;
      } else {
        current = null;
        handleFailure(attempt, reason);
      }
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  private void handleFailure(Attempt attempt, TidingsException reason) {
    long now = System.nanoTime();
    ReconnectPolicy policy = config.reconnectPolicy();
    if (attempt.openedAtNanos != 0) {
      stats.leftOpen();
      if (now - attempt.openedAtNanos >= policy.resetAfter().toNanos()) {
        failures = 0;
        windowStartNanos = now;
      }
    }
    Duration elapsed = Duration.ofNanos(now - windowStartNanos);
    if (hooks.refusedCredentials(reason) && !credentialsRefreshed) {
      log.debug(
          "Subscription '{}': the server refused the credentials ({}); asking the credentials"
              + " provider for fresh ones and reconnecting at once",
          config.name(),
          reason.getMessage());
      refreshCredentials = true;
      setState(SubscriptionState.RECONNECTING, reason);
      pendingReconnect = runtime.schedule(this::reconnect, Duration.ZERO);
      return;
    }
    if (isNormalEnd(reason)) {
      log.debug(
          "Subscription '{}': the server asked to stop ({})", config.name(), reason.getMessage());
      terminateOnOwn(reason, null);
      return;
    }
    String fatal = fatalReason(reason);
    if (fatal != null) {
      terminateOnOwn(reason, new GaveUpException(failures + 1, elapsed, fatal, reason));
      return;
    }
    failures++;
    Optional<Duration> delay =
        policy.nextDelay(
            failures, elapsed, serverHint(reason), ThreadLocalRandom.current().nextDouble());
    if (delay.isEmpty()) {
      terminateOnOwn(
          reason,
          new GaveUpException(
              failures,
              elapsed,
              "Gave up after "
                  + failures
                  + " failed attempt(s) in "
                  + elapsed.toMillis()
                  + " ms (tidings.reconnect.max-attempts / max-elapsed); last failure: "
                  + reason.getMessage(),
              reason));
      return;
    }
    log.debug(
        "Subscription '{}': connection failed ({}); reconnecting in {} ms",
        config.name(),
        reason.getMessage(),
        delay.get().toMillis());
    stats.errors.increment();
    queue.addEvent(reason);
    setState(SubscriptionState.RECONNECTING, reason);
    pendingReconnect = runtime.schedule(this::reconnect, delay.get());
  }

  private static boolean isNormalEnd(TidingsException reason) {
    // SSE: "204 No Content" tells the client to stop reconnecting.
    return reason instanceof HttpStatusException
        && ((HttpStatusException) reason).statusCode() == 204;
  }

  /** Why this failure ends the subscription, or null when it is retried. */
  private String fatalReason(TidingsException reason) {
    if (reason instanceof HttpStatusException) {
      int code = ((HttpStatusException) reason).statusCode();
      if (config.reconnectPolicy().isFatalStatus(code)) {
        return "HTTP "
            + code
            + " is not retried (tidings.reconnect.fatal-statuses): "
            + reason.getMessage();
      }
    } else if (reason instanceof ServerClosedException) {
      var code = ((ServerClosedException) reason).code();
      if (code.isPresent() && fatalCloseCodes().contains(code.getAsInt())) {
        return "The server closed with code "
            + code.getAsInt()
            + " ("
            + ((ServerClosedException) reason).reason()
            + "), which ends the subscription (tidings.websocket.fatal-close-codes)";
      }
    } else if (reason.kind() == FailureKind.CONFIGURATION
        || reason.kind() == FailureKind.UNSUPPORTED) {
      return reason.getMessage();
    }
    return null;
  }

  /**
   * The WebSocket transport's {@code tidings.websocket.fatal-close-codes}. Interim, until the
   * transport classifies its own failures.
   */
  private Set<?> fatalCloseCodes() {
    for (TransportProvider p : providers) {
      for (ConfigOption<?> o : p.options()) {
        if (o.name().equals("websocket.fatal-close-codes")) {
          return (Set<?>) config.option(o);
        }
      }
    }
    return Set.of();
  }

  private Duration serverHint(TidingsException reason) {
    if (reason instanceof HttpStatusException) {
      Optional<Duration> retryAfter = ((HttpStatusException) reason).retryAfter();
      if (retryAfter.isPresent()) {
        return retryAfter.get();
      }
    }
    return retryHint;
  }

  // ---- Ending ----

  /**
   * Ends the subscription on its own (the server ended it, or it gave up), under the lock. What is
   * queued is still delivered, then {@code onClosed(gaveUp)}.
   */
  private void terminateOnOwn(TidingsException reason, GaveUpException gaveUp) {
    if (gaveUp != null) {
      log.warn("Subscription '{}': {}", config.name(), gaveUp.getMessage());
    }
    terminalCause = gaveUp;
    // The failed attempt is no longer current (attemptEnded closes its connection), so there is
    // no connection left for terminate() to hand back.
    terminate(gaveUp == null ? reason : gaveUp, false);
  }

  /**
   * Marks the subscription closed and queues the last events. Under the lock.
   *
   * @param cause the state change's cause
   * @param byApplication true for {@link #close()}: drop undelivered messages
   * @return the connection to close outside the lock, or null
   */
  private Connection terminate(Throwable cause, boolean byApplication) {
    if (terminated) {
      return null;
    }
    terminated = true;
    cancel(pendingReconnect);
    cancel(gapTimer);
    pendingReconnect = null;
    gapTimer = null;
    Attempt a = current;
    current = null;
    Connection toClose = null;
    if (a != null) {
      a.ended = true;
      a.cancelStallCheck();
      toClose = a.connection;
    }
    SubscriptionState from = state;
    if (from == SubscriptionState.OPEN) {
      stats.leftOpen();
    }
    state = SubscriptionState.CLOSED;
    lock.notifyAll();
    StateEvent change = new StateEvent(from, SubscriptionState.CLOSED, cause);
    queue.close(byApplication, change, ClosedEvent.INSTANCE);
    return toClose;
  }

  private static void cancel(Runnable cancellation) {
    if (cancellation != null) {
      cancellation.run();
    }
  }

  private void setState(SubscriptionState to, Throwable cause) {
    SubscriptionState from = state;
    if (from == to || terminated) {
      return;
    }
    if (from == SubscriptionState.OPEN) {
      stats.leftOpen();
    }
    state = to;
    lock.notifyAll();
    queue.addEvent(new StateEvent(from, to, cause));
  }

  // ---- Ordering (under lock) ----

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
    if (waiting && gapTimer == null) {
      gapTimerAfter = sequencer.lastSequence();
      gapTimer = runtime.schedule(this::onGapTimeout, config.orderingPolicy().gapTimeout());
    }
  }

  private void onGapTimeout() {
    synchronized (lock) {
      gapTimer = null;
      if (!terminated) {
        sequencer.gapTimeout();
        armGapTimer();
      }
    }
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
        if (!deliverItem(item)) {
          return SerialDelivery.Result.DONE;
        }
      }
      return SerialDelivery.Result.MORE;
    } catch (VirtualMachineError e) {
      finish(); // listenerThrew ended the subscription: nothing more is delivered
      throw e;
    }
  }

  /**
   * Hands one queued item to the listener, on the delivery thread.
   *
   * @return false when it was the last one ({@code onClosed})
   */
  private boolean deliverItem(Object item) {
    if (item instanceof Message) {
      Message m = (Message) item;
      stats.delivered(m.receivedNanos());
      if (m.id() != null) {
        lastDeliveredId = m.id();
      }
      try {
        listener.onMessage(m); // the hot path: no lambda per message
      } catch (RuntimeException | Error e) {
        listenerThrew("onMessage", e);
      }
      if (m.id() != null && cursorKeeper.isActive()) {
        TidingsException failed = cursorKeeper.delivered(m.id());
        if (failed != null) {
          stats.errors.increment();
          deliver(() -> listener.onError(failed), "onError");
        }
      }
    } else if (item instanceof StateEvent) {
      StateEvent e = (StateEvent) item;
      deliver(() -> listener.onStateChange(e.from, e.to, e.cause), "onStateChange");
    } else if (item instanceof Gap) {
      deliver(() -> listener.onGap((Gap) item), "onGap");
    } else if (item instanceof TidingsException) {
      deliver(() -> listener.onError((TidingsException) item), "onError");
    } else if (item instanceof ClosedEvent) {
      Throwable cause;
      synchronized (lock) {
        cause = terminalCause;
      }
      try {
        deliver(() -> listener.onClosed(cause), "onClosed");
      } finally {
        finish();
      }
      return false;
    }
    return true;
  }

  /** Delivery is over: the shared runtime is released and {@link #closed()} completes. */
  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    cursorKeeper.close();
    Throwable cause;
    synchronized (lock) {
      cause = terminalCause;
    }
    // Released once every task of the subscription has ended, so that no call of it still holds
    // a pooled connection when the last subscription shuts the shared client down.
    executor.whenIdle(runtime::release);
    if (cause != null) {
      closed.completeExceptionally(cause);
    } else {
      closed.complete(null);
    }
  }

  private void deliver(Runnable call, String callback) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      listenerThrew(callback, e);
    }
  }

  /**
   * A callback threw. Delivery goes on, except after a {@link VirtualMachineError} other than a
   * stack overflow (the JVM may be broken): then the subscription ends with that error as its
   * cause, so nothing is left running behind a dead delivery thread, and the error is rethrown.
   */
  private void listenerThrew(String callback, Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
      log.error(
          "Subscription '{}': the listener's {} threw {}; ending the subscription",
          config.name(),
          callback,
          e.toString());
      Connection toClose;
      synchronized (lock) {
        terminalCause =
            terminalCause != null
                ? terminalCause
                : new TidingsException(
                    FailureKind.GAVE_UP, "The listener's " + callback + " threw " + e, e);
        toClose = terminate(terminalCause, true);
      }
      if (toClose != null) {
        toClose.close();
      }
      throw (VirtualMachineError) e;
    }
    log.warn(
        "Subscription '{}': the listener's {} threw; delivery goes on", config.name(), callback, e);
  }

  private record StateEvent(SubscriptionState from, SubscriptionState to, Throwable cause) {}

  private enum ClosedEvent {
    INSTANCE
  }

  /** One connection attempt: what a transport reports to. */
  private final class Attempt implements ConnectionListener {
    final TransportProvider provider;
    final EngineContext context;
    volatile Connection connection;
    volatile boolean ended;
    volatile long lastActivityNanos = System.nanoTime();
    volatile long openedAtNanos;
    private Runnable stallCheck;

    // The subscription's secrets, and once prepared this attempt's and the previous one's.
    volatile Redactor redactor;

    Attempt(TransportProvider provider, EngineContext context) {
      this.provider = provider;
      this.context = context;
      this.redactor = context.redactor();
    }

    void setConnection(Connection c) {
      connection = c;
      if (ended) {
        c.close();
      }
    }

    private void touch() {
      lastActivityNanos = System.nanoTime();
    }

    void scheduleStallCheck(Duration delay) {
      Runnable cancel = runtime.schedule(this::checkStall, delay);
      synchronized (lock) {
        if (ended) {
          cancel.run();
        } else {
          stallCheck = cancel;
        }
      }
    }

    void cancelStallCheck() {
      Runnable c = stallCheck;
      stallCheck = null;
      cancel(c);
    }

    private void checkStall() {
      if (ended) {
        return;
      }
      Duration timeout = context.stallTimeout();
      if (queue.isProducerWaiting()) {
        touch(); // paused by a slow listener, not by the network
      }
      long idle = System.nanoTime() - lastActivityNanos;
      if (idle >= timeout.toNanos()) {
        attemptEnded(this, new StallException(timeout));
      } else {
        scheduleStallCheck(Duration.ofNanos(timeout.toNanos() - idle));
      }
    }

    @Override
    public void onOpen() {
      touch();
      synchronized (lock) {
        if (ended || current != this) {
          return;
        }
        openedAtNanos = System.nanoTime();
        credentialsRefreshed = false; // accepted: a later refusal may refresh again
        stats.connections.increment();
        stats.opened();
        setState(SubscriptionState.OPEN, null);
      }
      log.debug("Subscription '{}': open over {}", config.name(), provider.name());
    }

    @Override
    public void onFrame(Frame frame) {
      if (ended) {
        return;
      }
      touch();
      if (!queue.awaitSpace()) {
        return;
      }
      touch();
      Object decoded = decode(frame);
      synchronized (lock) {
        if (ended || current != this) {
          return;
        }
        if (decoded != null) {
          accept(decoded);
          armGapTimer();
        }
        if (frame.clearsLastId()) {
          sequencer.clearLastId(); // even when the data was bad: the id field still counts
        }
      }
    }

    @Override
    public void onFrames(List<Frame> frames) {
      if (ended || frames.isEmpty()) {
        return;
      }
      touch();
      if (!queue.awaitSpace()) {
        return;
      }
      touch();
      List<Object> decoded = new ArrayList<>(frames.size());
      for (Frame f : frames) {
        decoded.add(decodeOrError(f));
      }
      synchronized (lock) {
        if (ended || current != this) {
          return;
        }
        decoded.forEach(this::accept); // errors stay in order with the messages around them
        armGapTimer();
      }
    }

    private Object decode(Frame frame) {
      Object d = decodeOrError(frame);
      if (d instanceof TidingsException) {
        onError((TidingsException) d);
        return null;
      }
      return d;
    }

    private Object decodeOrError(Frame frame) {
      try {
        return context.decoder.decode(frame, System.nanoTime());
      } catch (TidingsException e) {
        return e;
      }
    }

    private void accept(Object decoded) {
      if (decoded instanceof Message) {
        sequencer.accept((Message) decoded);
      } else if (decoded instanceof Gap) {
        sequencer.serverGap((Gap) decoded);
      } else {
        TidingsException error = redactor.sanitize((TidingsException) decoded);
        log.debug("Subscription '{}': {}", config.name(), error.getMessage());
        stats.errors.increment();
        queue.addCounted(error);
      }
    }

    @Override
    public void onHeartbeat() {
      touch();
    }

    @Override
    public void onRetryHint(Duration delay) {
      touch();
      synchronized (lock) {
        if (!ended && current == this) {
          retryHint = delay;
        }
      }
    }

    @Override
    public void onRequest() {
      touch();
      stats.requests.increment();
    }

    @Override
    public void onEmptyResponse() {
      touch();
      stats.emptyResponses.increment();
    }

    @Override
    public void onBytes(long count) {
      touch();
      stats.bytes.add(count);
    }

    @Override
    public void onError(TidingsException unredacted) {
      TidingsException error = redactor.sanitize(unredacted);
      if (ended || !queue.awaitSpace()) {
        return;
      }
      if (ended) {
        return; // ended while waiting for space
      }
      log.debug("Subscription '{}': {}", config.name(), error.getMessage());
      stats.errors.increment();
      queue.addCounted(error);
    }

    @Override
    public void onClosed(TidingsException reason) {
      // Whatever a transport put in it, no secret goes on into logs, onError or GaveUpException.
      attemptEnded(this, redactor.sanitize(reason));
    }
  }
}
