package io.tidings.internal;

import io.tidings.ConfigurationException;
import io.tidings.EventListener;
import io.tidings.FailureDecision;
import io.tidings.FailureKind;
import io.tidings.GaveUpException;
import io.tidings.ProtocolException;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.Connection;
import io.tidings.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the lanes of one subscription: admits an attempt's connection into the {@link Pipeline},
 * retires it when it ends, turns each failure into a decision through the {@link FailureClassifier}
 * and the lane's {@link ReconnectPolicy} state, keeps the subscription's state machine, and ends
 * every lane on close.
 *
 * <p>One lane is active: it carries the subscription. A {@link FailureDecision#FALL_BACK} moves to
 * the next lane of {@code tidings.transport} (after the last, back to the first with backoff).
 * While on a fallback, the first lane is probed every {@code tidings.fallback.probe-interval}; a
 * probe, like {@link #switchTransport}, is a <em>candidate</em> attempt admitted to the pipeline
 * beside the active one (make-before-break: the sequencer drops what both deliver) that becomes
 * active once it proved itself (open, then a first sign of life). A failed candidate changes
 * nothing but a counter.
 *
 * <p>Locking: {@link #lock} guards the state, every lane's backoff fields and current attempt.
 * Nothing blocking happens under it; listener calls happen on the delivery thread without it. It
 * may be held while taking the pipeline's lock, never the other way round. Connecting runs on the
 * executor (never on the timer thread), since building an attempt's spec may block.
 */
final class LaneCoordinator {
  private static final Logger log = LoggerFactory.getLogger(LaneCoordinator.class);

  private final SubscriptionConfig config;
  private final Pipeline pipeline;
  private final List<Lane> lanes;
  private final Scheduler scheduler;
  private final TrackedExecutor executor;
  private final FailureClassifier classifier;
  private final FailurePlanner planner;
  private final ConnectionHooks hooks;
  private final Object lock = new Object();
  private volatile EventListener events = EventListener.NONE;
  private volatile Subscription subscription;

  // Guarded by lock.
  private SubscriptionState state = SubscriptionState.CONNECTING;
  private Lane active;
  private boolean terminated;
  private final Outage outage = new Outage();
  private Attempt candidate; // a probe or switch attempt proving itself, or null
  private CompletableFuture<Void> switching; // the switchTransport call the candidate serves
  private String candidateReason;
  private boolean onFallback; // the active lane was reached by falling back: probe the first
  private Runnable probeTimer;

  LaneCoordinator(
      SubscriptionConfig config,
      Pipeline pipeline,
      List<Lane> lanes,
      Scheduler scheduler,
      TrackedExecutor executor,
      FailureClassifier classifier,
      ConnectionHooks hooks) {
    this.config = config;
    this.hooks = hooks;
    this.pipeline = pipeline;
    this.lanes = List.copyOf(lanes);
    this.scheduler = scheduler;
    this.executor = executor;
    this.classifier = classifier;
    this.planner = new FailurePlanner(config, classifier, this.lanes);
    this.active = this.lanes.get(0);
  }

  void attach(Subscription subscription, EventListener events) {
    this.subscription = subscription;
    this.events = events;
  }

  /** Starts the first lane's first attempt. */
  void start() {
    long now = scheduler.nanoTime();
    Lane first;
    synchronized (lock) {
      for (Lane lane : lanes) {
        lane.windowStartNanos = now;
      }
      first = active;
    }
    connectSoon(first);
  }

  // ---- Queries ----

  String transport() {
    synchronized (lock) {
      return active.name();
    }
  }

  SubscriptionState state() {
    synchronized (lock) {
      return state;
    }
  }

  boolean awaitState(SubscriptionState wanted, Duration timeout) throws InterruptedException {
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

  /** The connection that can send now, or null; {@code whyNot} is then the reason. */
  Connection sendable() {
    synchronized (lock) {
      Attempt a = active.current;
      boolean canSend = active.provider.capabilities().contains(Capability.SEND);
      return canSend && state == SubscriptionState.OPEN && a != null ? a.connection : null;
    }
  }

  /** Why {@link #sendable()} returned null. */
  TidingsException notSendable() {
    synchronized (lock) {
      String name = active.name();
      if (!active.provider.capabilities().contains(Capability.SEND)) {
        return new TidingsException(
            io.tidings.FailureKind.UNSUPPORTED,
            "Transport '"
                + name
                + "' is receive-only and cannot send; use tidings.transport=websocket to send");
      }
      return new TidingsException(
          io.tidings.FailureKind.NOT_OPEN,
          "Cannot send: the subscription is "
              + state
              + "; wait with awaitState(OPEN, timeout) before sending");
    }
  }

  // ---- Connecting ----

  /**
   * Admits the active lane's next attempt and launches it ({@link #launchSoon}). Does nothing once
   * closed, or when the lane was switched away from while this reconnect was due.
   */
  private void connectSoon(Lane lane) {
    Attempt attempt;
    synchronized (lock) {
      lane.pendingReconnect = null;
      if (terminated || lane != active) {
        return;
      }
      attempt = newAttempt(lane, false);
    }
    launchSoon(attempt);
  }

  /** Under the lock: the lane's next attempt, admitted to the pipeline. */
  private Attempt newAttempt(Lane lane, boolean asCandidate) {
    Attempt attempt = new Attempt(lane, lane.nextAttemptNumber(), this, pipeline);
    attempt.candidate = asCandidate;
    lane.current = attempt;
    attempt.refresh = lane.refreshCredentials;
    lane.refreshCredentials = false;
    lane.reauthenticated = attempt.refresh;
    attempt.admit();
    return attempt;
  }

  /** Outside the lock: builds the attempt's spec and calls the transport. */
  private void launch(Attempt attempt) {
    Lane lane = attempt.lane;
    boolean refresh = attempt.refresh;
    ConnectSpec spec = lane.connectSpec(attempt.number, pipeline.lastAcceptedId());
    AttemptContext context;
    try {
      context = hooks.prepare(lane.context, spec.cursor(), spec.attempt(), refresh);
    } catch (TidingsException e) {
      attempt.onClosed(e);
      return;
    }
    attempt.redactor = context.redactor().and(lane.previousAttemptSecrets);
    attempt.credentialsSource = context.credentialsSource();
    lane.previousAttemptSecrets = context.attemptSecrets();
    log.debug(
        "Subscription '{}': connecting over {} from {}", config.name(), lane.name(), spec.cursor());
    pipeline.event(
        () ->
            events.connectStart(
                subscription,
                lane.name(),
                attempt.number,
                spec.cursor().lastEventId().orElse(null)));
    try {
      attempt.setConnection(lane.provider.connect(context, spec.cursor(), attempt));
    } catch (RuntimeException e) {
      attempt.onClosed(
          e instanceof TidingsException
              ? (TidingsException) e
              : new ProtocolException(
                  "Transport '" + lane.name() + "' failed to connect: " + e, e));
      return;
    }
    attempt.scheduleStallCheck(lane.context.stallTimeout());
  }

  /**
   * A network task ended with what it threw (an {@link OutOfMemoryError} while reading, a bug): the
   * active lane's current connection is ended at once with that error as its cause, reported like
   * any failure and replaced after the backoff, instead of hanging until the stall timeout.
   */
  void taskFailed(String role, Throwable e) {
    Attempt a;
    synchronized (lock) {
      a = active.current;
    }
    if (a != null) {
      attemptEnded(
          a,
          a.redactor.sanitize(
              new io.tidings.ConnectionException(
                  "A network task ("
                      + role
                      + ") of subscription '"
                      + config.name()
                      + "' failed with "
                      + e
                      + "; the connection was dropped and is replaced. If it ran out of memory,"
                      + " give the JVM more heap or lower tidings.max-message-size and"
                      + " tidings.delivery.queue-bytes",
                  e)));
    }
  }

  private void reconnect(Lane lane) {
    pipeline.stats.reconnects.increment();
    connectSoon(lane);
  }

  void armStallCheck(Attempt attempt, Runnable cancel) {
    synchronized (lock) {
      if (attempt.ended) {
        cancel.run();
      } else {
        attempt.stallCheck = cancel;
      }
    }
  }

  void retryHint(Attempt attempt, Duration delay) {
    synchronized (lock) {
      if (!attempt.ended && attempt.lane.current == attempt) {
        attempt.lane.retryHint = delay;
      }
    }
  }

  void attemptOpened(Attempt attempt) {
    synchronized (lock) {
      if (attempt.ended || !attempt.isAdmitted() || terminated) {
        return;
      }
      attempt.openedAtNanos = scheduler.nanoTime();
      attempt.lane.reauthenticated = false;
      pipeline.stats.connections.increment();
      if (!attempt.candidate) {
        planner.laneWorked();
        becomeOpen();
        outage.recovered(config.name(), attempt.lane.name(), attempt.openedAtNanos);
      }
    }
    log.debug("Subscription '{}': open over {}", config.name(), attempt.lane.name());
    pipeline.event(() -> events.connectOpen(subscription, attempt.lane.name(), attempt.number));
  }

  /**
   * An attempt ended on its own (or stalled): retire it, decide, announce the decision, then act on
   * it, all under the lock, so the operator events come in order: before the subscription's end and
   * before anything the next attempt reports.
   */
  void attemptEnded(Attempt attempt, TidingsException failure) {
    TidingsException reason =
        RefusalHint.explain(
            failure, attempt.credentialsSource, attempt.refresh, config.refreshCredentialsOn403());
    Connection toClose;
    List<Connection> alsoClose = List.of();
    synchronized (lock) {
      if (attempt.ended) {
        return;
      }
      endAttempt(attempt);
      toClose = attempt.connection;
      Lane lane = attempt.lane;
      if (attempt == candidate) {
        lane.current = null;
        candidateFailed(attempt, reason);
      } else if (lane.current == attempt && !terminated) {
        lane.current = null;
        if (attempt.openedAtNanos != 0) {
          pipeline.stats.leftOpen();
        }
        FailurePlanner.Plan plan = planner.plan(lane, attempt, reason, scheduler.nanoTime());
        pipeline.event(
            () ->
                events.connectFailed(
                    subscription, lane.name(), attempt.number, reason, plan.decision()));
        alsoClose = apply(lane, attempt, reason, plan);
      }
    }
    if (toClose != null) {
      toClose.close();
    }
    closeAll(alsoClose);
  }

  /** Under the lock: carries a plan out. Returns the connections to close outside the lock. */
  private List<Connection> apply(
      Lane lane, Attempt attempt, TidingsException reason, FailurePlanner.Plan plan) {
    if (plan.delay() == null) {
      return terminateOnOwn(reason, plan.gaveUp());
    }
    List<Connection> toClose = List.of();
    Lane next = lane;
    if (plan.next() != null && plan.next() != lane) {
      next = plan.next();
      toClose = endCandidate("the subscription fell back to " + next.name());
      String why = lane.name() + " is unavailable on this path: " + reason.getMessage();
      pipeline.stats.fallbacks.increment();
      onFallback = lanes.indexOf(next) > 0;
      // Once per downgrade, never once per attempt (FailurePlanner.isNewFallBack).
      boolean news = planner.isNewFallBack(lane, attempt);
      if (news || log.isDebugEnabled()) {
        String line =
            onFallback
                ? "Subscription '{}': {}; falling back to {}"
                    + (probeInterval().isZero()
                        ? ""
                        : " ("
                            + lanes.get(0).name()
                            + " is probed again every "
                            + probeInterval()
                            + ")")
                : "Subscription '{}': {}; every transport of the list is unavailable, starting"
                    + " again from {} in "
                    + plan.delay().toMillis()
                    + " ms";
        if (news) {
          log.info(line, config.name(), why, next.name());
        } else {
          log.debug(line, config.name(), why, next.name());
        }
      }
      scheduleReconnect(next, attempt, reason, plan); // the failure reaches the listener first
      moveTo(lane, next, why);
      scheduleProbe();
    } else {
      scheduleReconnect(next, attempt, reason, plan);
    }
    Lane to = next;
    pipeline.event(() -> events.reconnectScheduled(subscription, to.name(), plan.delay()));
    return toClose;
  }

  /** Under the lock: {@code to} carries the subscription from now on. */
  private void moveTo(Lane from, Lane to, String reason) {
    active = to;
    pipeline.transportChanged(from.name(), to.name(), reason);
    pipeline.event(() -> events.transportSwitched(subscription, from.name(), to.name(), reason));
  }

  // ---- Probes and switches (candidates) ----

  private Duration probeInterval() {
    return config.fallbackProbeInterval();
  }

  /** Under the lock: arms the next probe of the first lane while on a fallback. */
  private void scheduleProbe() {
    Duration interval = probeInterval();
    if (!onFallback || terminated || probeTimer != null || interval.isZero()) {
      return;
    }
    double early = 0.2 * ThreadLocalRandom.current().nextDouble();
    Duration delay = Duration.ofNanos((long) (interval.toNanos() * (1 - early)));
    probeTimer = scheduler.schedule(this::probe, delay);
  }

  private void cancelProbe() {
    if (probeTimer != null) {
      probeTimer.run();
      probeTimer = null;
    }
  }

  /** On the timer: starts a probe of the first lane, unless one is not needed or under way. */
  private void probe() {
    Attempt attempt;
    synchronized (lock) {
      probeTimer = null;
      if (terminated || !onFallback) {
        return;
      }
      if (candidate != null) {
        scheduleProbe(); // a switch is under way: look again later
        return;
      }
      Lane first = lanes.get(0);
      pipeline.stats.probes.increment();
      log.debug("Subscription '{}': probing {}", config.name(), first.name());
      attempt = startCandidate(first, null, "a probe found " + first.name() + " available again");
    }
    launchSoon(attempt);
  }

  /**
   * Moves the subscription to another of its configured transports, make-before-break.
   *
   * @return completes when {@code transport} carries the subscription; fails with a {@link
   *     ConfigurationException} for a transport that is not configured, or with the failure of the
   *     new connection (the subscription then stays where it was)
   */
  CompletionStage<Void> switchTransport(String transport) {
    Attempt attempt;
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<Connection> toClose;
    synchronized (lock) {
      if (terminated) {
        return CompletableFuture.failedFuture(
            new TidingsException(
                FailureKind.NOT_OPEN, "Cannot switch transports: the subscription is closed"));
      }
      Lane target = null;
      for (Lane l : lanes) {
        if (l.name().equals(transport)) {
          target = l;
        }
      }
      if (target == null) {
        return CompletableFuture.failedFuture(
            new ConfigurationException(
                "tidings.transport",
                "Cannot switch to '"
                    + transport
                    + "': it is not one of tidings.transport="
                    + String.join(",", config.transports())
                    + "; add it there to switch to it"));
      }
      if (target == active) {
        toClose = endCandidate("the subscription stays on " + transport);
        onFallback = false;
        cancelProbe();
        done.complete(null);
        attempt = null;
      } else {
        toClose = endCandidate("superseded by switchTransport(" + transport + ")");
        attempt = startCandidate(target, done, "switchTransport(" + transport + ")");
      }
    }
    closeAll(toClose);
    if (attempt != null) {
      launchSoon(attempt);
    }
    return done.minimalCompletionStage();
  }

  /** Under the lock: admits a candidate attempt of {@code lane}. */
  private Attempt startCandidate(Lane lane, CompletableFuture<Void> done, String reason) {
    Attempt attempt = newAttempt(lane, true);
    candidate = attempt;
    switching = done;
    candidateReason = reason;
    return attempt;
  }

  /**
   * Launches an attempt: on the executor when a credentials provider may make building it block,
   * else right here (the timer thread, or the caller). An executor that refuses the task ends the
   * attempt with a {@link ConfigurationException}, which ends the subscription.
   */
  private void launchSoon(Attempt attempt) {
    if (!hooks.mayBlock()) {
      launch(attempt);
      return;
    }
    try {
      executor.execute(() -> launch(attempt), "connect");
    } catch (RuntimeException e) {
      attempt.onClosed(
          new ConfigurationException(null, "The configured executor refused a connect task", e));
    }
  }

  /**
   * Under the lock: ends the candidate attempt, if any (failing the switch it served with {@code
   * why}). Returns its connection to close outside the lock.
   */
  private List<Connection> endCandidate(String why) {
    Attempt c = candidate;
    if (c == null) {
      return List.of();
    }
    candidate = null;
    CompletableFuture<Void> done = switching;
    switching = null;
    if (c.lane.current == c) {
      c.lane.current = null;
    }
    endAttempt(c);
    if (done != null) {
      done.completeExceptionally(
          new TidingsException(
              FailureKind.NOT_OPEN, "The switch to " + c.lane.name() + " was abandoned: " + why));
    }
    return c.connection == null ? List.of() : List.of(c.connection);
  }

  /** Under the lock: a candidate failed; nothing changes but a counter (and the switch fails). */
  private void candidateFailed(Attempt attempt, TidingsException reason) {
    candidate = null;
    CompletableFuture<Void> done = switching;
    switching = null;
    log.debug(
        "Subscription '{}': {} over {} failed: {}",
        config.name(),
        done == null ? "the probe" : "the switch",
        attempt.lane.name(),
        reason.getMessage());
    pipeline.event(
        () ->
            events.connectFailed(
                subscription,
                attempt.lane.name(),
                attempt.number,
                reason,
                classifier.classify(reason, attempt.lane.provider).decision()));
    if (done != null) {
      done.completeExceptionally(reason);
    } else {
      scheduleProbe();
    }
  }

  /**
   * A candidate is open and heard from: it carries the subscription now, and the old lane's
   * connection is closed (make-before-break).
   */
  void candidateProved(Attempt attempt) {
    List<Connection> toClose = new ArrayList<>();
    CompletableFuture<Void> done;
    synchronized (lock) {
      if (terminated || attempt.ended || candidate != attempt || attempt.openedAtNanos == 0) {
        return;
      }
      candidate = null;
      attempt.candidate = false;
      done = switching;
      switching = null;
      Lane old = active;
      stopLane(old, toClose);
      pipeline.stats.switches.increment();
      onFallback =
          false; // on the first lane after a probe; where the application chose after a switch
      cancelProbe();
      log.info(
          "Subscription '{}': now on {} (was {}): {}",
          config.name(),
          attempt.lane.name(),
          old.name(),
          candidateReason);
      moveTo(old, attempt.lane, candidateReason);
      planner.laneWorked();
      planner.laneProved(attempt.lane);
      becomeOpen();
    }
    closeAll(toClose);
    if (done != null) {
      done.complete(null);
    }
  }

  /** Under the lock: the active lane's connection is open: so is the subscription. */
  private void becomeOpen() {
    if (state != SubscriptionState.OPEN && !terminated) {
      pipeline.stats.opened();
      setState(SubscriptionState.OPEN, null);
    }
  }

  private void scheduleReconnect(
      Lane lane, Attempt attempt, TidingsException reason, FailurePlanner.Plan plan) {
    Duration delay = plan.delay();
    // A credentials refresh, and a fallback (logged at INFO where it is decided), start no run.
    boolean routine =
        plan.decision() == FailureDecision.REAUTHENTICATE
            || plan.decision() == FailureDecision.FALL_BACK;
    boolean wasOpen = attempt.openedAtNanos != 0;
    if (!outage.failed(
        config.name(), lane.name(), wasOpen, routine, reason, delay, scheduler.nanoTime())) {
      log.debug(
          "Subscription '{}': connection failed ({}); reconnecting in {} ms",
          config.name(),
          reason.getMessage(),
          delay.toMillis());
    }
    pipeline.connectionFailed(reason);
    setState(SubscriptionState.RECONNECTING, reason);
    lane.pendingReconnect = scheduler.schedule(() -> reconnect(lane), delay);
  }

  // ---- Ending ----

  /** Under the lock: marks the attempt ended, stops its stall timer and its frames. */
  private void endAttempt(Attempt attempt) {
    attempt.ended = true;
    Runnable stall = attempt.stallCheck;
    attempt.stallCheck = null;
    if (stall != null) {
      stall.run();
    }
    pipeline.retire(attempt);
  }

  /**
   * Drops the active lane's connection and connects it again at once from the cursor, without
   * counting a failure; a pending reconnect delay is skipped. Does nothing once closed.
   */
  void reconnectNow() {
    List<Connection> toClose = new ArrayList<>();
    Lane lane;
    synchronized (lock) {
      if (terminated) {
        return;
      }
      lane = active;
      stopLane(lane, toClose);
      setState(SubscriptionState.RECONNECTING, null);
    }
    log.debug("Subscription '{}': reconnecting now, as the application asked", config.name());
    closeAll(toClose);
    reconnect(lane);
  }

  /** The application closes: ends every lane. Returns once nothing of ours is connected. */
  void close() {
    List<Connection> toClose;
    synchronized (lock) {
      toClose = terminate(null, true);
    }
    hooks.cancel();
    closeAll(toClose);
  }

  /** A listener callback threw a {@link VirtualMachineError}: end everything. */
  void endAfterFatalListenerError(GaveUpException cause) {
    List<Connection> toClose;
    synchronized (lock) {
      pipeline.failIfNoCause(cause); // even when already ending: closed() must say why
      toClose = terminate(cause, true);
    }
    closeAll(toClose);
  }

  /**
   * Ends the subscription on its own (the server ended it, or it gave up), under the lock. What is
   * queued is still delivered, then {@code onClosed(gaveUp)}.
   */
  private List<Connection> terminateOnOwn(TidingsException reason, GaveUpException gaveUp) {
    if (gaveUp != null) {
      pipeline.stats.errors.increment(); // the failure it gave up on, which onError does not see
      log.warn("Subscription '{}': {}", config.name(), gaveUp.getMessage());
    }
    return terminate(gaveUp == null ? reason : gaveUp, false, gaveUp);
  }

  private List<Connection> terminate(GaveUpException cause, boolean byApplication) {
    return terminate(cause, byApplication, cause);
  }

  /**
   * Under the lock: marks the subscription closed, ends every lane's attempt and pending reconnect,
   * and queues the last events.
   *
   * @param stateCause the cause of the state change to CLOSED
   * @param byApplication true for {@link #close()}: drop undelivered messages
   * @param terminal what {@code closed()} fails with, or null
   * @return the connections to close outside the lock
   */
  private List<Connection> terminate(
      Throwable stateCause, boolean byApplication, GaveUpException terminal) {
    if (terminated) {
      return List.of();
    }
    terminated = true;
    cancelProbe();
    CompletableFuture<Void> done = switching;
    switching = null;
    candidate = null;
    if (done != null) {
      done.completeExceptionally(
          new TidingsException(
              FailureKind.NOT_OPEN, "The subscription closed before the switch was complete"));
    }
    List<Connection> toClose = new ArrayList<>();
    for (Lane lane : lanes) {
      stopLane(lane, toClose);
    }
    SubscriptionState from = state;
    if (from == SubscriptionState.OPEN) {
      pipeline.stats.leftOpen();
    }
    state = SubscriptionState.CLOSED;
    lock.notifyAll();
    pipeline.finish(
        new Pipeline.StateEvent(from, SubscriptionState.CLOSED, stateCause),
        terminal,
        byApplication);
    return toClose;
  }

  /**
   * Under the lock: cancels the lane's pending reconnect and ends its current attempt, adding its
   * connection to {@code toClose} (closed outside the lock).
   */
  private void stopLane(Lane lane, List<Connection> toClose) {
    if (lane.pendingReconnect != null) {
      lane.pendingReconnect.run();
      lane.pendingReconnect = null;
    }
    Attempt a = lane.current;
    lane.current = null;
    if (a != null && !a.ended) {
      endAttempt(a);
      if (a.connection != null) {
        toClose.add(a.connection);
      }
      pipeline.event(() -> events.connectClosed(subscription, lane.name(), a.number));
    }
  }

  private static void closeAll(List<Connection> connections) {
    for (Connection c : connections) {
      c.close();
    }
  }

  private void setState(SubscriptionState to, Throwable cause) {
    SubscriptionState from = state;
    if (from == to || terminated) {
      return;
    }
    if (from == SubscriptionState.OPEN) {
      pipeline.stats.leftOpen();
    }
    state = to;
    lock.notifyAll();
    pipeline.stateChanged(from, to, cause);
  }
}
