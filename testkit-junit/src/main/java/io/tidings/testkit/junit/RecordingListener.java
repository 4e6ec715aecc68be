package io.tidings.testkit.junit;

import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A {@link SubscriptionListener} that records every callback, for tests. Assertions read the log in
 * order, each waiting up to a deadline: {@code assertNextMessage}, {@code assertNextGap}, {@code
 * assertNextError}, {@code assertNextState}; {@link #assertExhausted()} at the end checks nothing
 * unexpected is left.
 *
 * <p>While looking for one kind of event, the assertions skip (and consume) events of the kinds in
 * {@link #skip(Kind...)}: state and transport changes by default, so message assertions read
 * cleanly. Any other kind in the way fails the assertion.
 *
 * <p><b>The exactly-once checker</b> of the conformance suite and of the fallback tests is {@link
 * #assertNextMessageIds} followed by {@link #assertExhausted()}: the next messages are exactly the
 * ids given, in order (a repeat, a gap or a reordering in between fails), and nothing but skipped
 * kinds is left after them.
 *
 * <pre>{@code
 * RecordingListener listener = new RecordingListener();
 * try (Subscription sub = Tidings.subscribe(config, listener)) {
 *   listener.assertNextMessageWithId("1");
 *   listener.assertNextMessages(99, Duration.ofSeconds(10));
 *   listener.assertExhausted();
 * }
 * }</pre>
 *
 * <p>Thread-safe. It also checks the listener contract: callbacks never overlap, and nothing comes
 * after {@code onClosed}.
 */
public final class RecordingListener implements SubscriptionListener {
  /** How long the assertions without a timeout argument wait. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The kinds of callback. */
  public enum Kind {
    /** {@link SubscriptionListener#onMessage}. */
    MESSAGE,
    /** {@link SubscriptionListener#onStateChange}. */
    STATE,
    /** {@link SubscriptionListener#onGap}. */
    GAP,
    /** {@link SubscriptionListener#onError}. */
    ERROR,
    /** {@link SubscriptionListener#onClosed}. */
    CLOSED,
    /** {@link SubscriptionListener#onTransportChange}. */
    TRANSPORT
  }

  /**
   * One {@link SubscriptionListener#onTransportChange} call.
   *
   * @param from the transport that carried the subscription
   * @param to the transport that carries it now
   * @param reason why it moved
   */
  public record TransportChange(String from, String to, String reason) {
    /** {@code from->to}, without the reason. */
    public String move() {
      return from + "->" + to;
    }
  }

  /**
   * One recorded callback. Only the fields of its kind are set.
   *
   * @param kind which callback
   * @param message the message ({@link Kind#MESSAGE})
   * @param from the previous state ({@link Kind#STATE})
   * @param to the new state ({@link Kind#STATE})
   * @param cause the state change's cause, or the {@code onClosed} cause; may be null
   * @param gap the gap ({@link Kind#GAP})
   * @param error the error ({@link Kind#ERROR})
   * @param change the transport change ({@link Kind#TRANSPORT})
   * @param thread the name of the thread that called
   * @param nanoTime {@link System#nanoTime()} of the call
   */
  public record Event(
      Kind kind,
      Message message,
      SubscriptionState from,
      SubscriptionState to,
      Throwable cause,
      Gap gap,
      TidingsException error,
      TransportChange change,
      String thread,
      long nanoTime) {
    @Override
    public String toString() {
      switch (kind) {
        case MESSAGE:
          return "MESSAGE(id=" + message.id() + ", type=" + message.type() + ")";
        case STATE:
          return "STATE(" + from + "->" + to + (cause == null ? "" : ", " + cause) + ")";
        case GAP:
          return "GAP(" + gap + ")";
        case ERROR:
          return "ERROR(" + error.kind() + ": " + error.getMessage() + ")";
        case TRANSPORT:
          return "TRANSPORT(" + change.move() + ": " + change.reason() + ")";
        default:
          return "CLOSED(" + cause + ")";
      }
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Event> events = new ArrayList<>();
  private final Set<Kind> skipped = EnumSet.of(Kind.STATE, Kind.TRANSPORT);
  private final AtomicInteger inCallback = new AtomicInteger();
  private final List<String> violations = new ArrayList<>();
  private int next;

  /** A listener that skips state and transport changes while looking for other events. */
  public RecordingListener() {}

  /** Also skips these kinds while looking for others (for example errors of retried drops). */
  public RecordingListener skip(Kind... kinds) {
    lock.lock();
    try {
      skipped.addAll(Arrays.asList(kinds));
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** Skips exactly these kinds (none when empty) while looking for others. */
  public RecordingListener skipOnly(Kind... kinds) {
    lock.lock();
    try {
      skipped.clear();
      skipped.addAll(Arrays.asList(kinds));
      return this;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onMessage(Message message) {
    record(new Event(Kind.MESSAGE, message, null, null, null, null, null, null, thread(), now()));
  }

  @Override
  public void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {
    record(new Event(Kind.STATE, null, from, to, cause, null, null, null, thread(), now()));
  }

  @Override
  public void onGap(Gap gap) {
    record(new Event(Kind.GAP, null, null, null, null, gap, null, null, thread(), now()));
  }

  @Override
  public void onError(TidingsException error) {
    record(new Event(Kind.ERROR, null, null, null, null, null, error, null, thread(), now()));
  }

  @Override
  public void onClosed(Throwable cause) {
    record(new Event(Kind.CLOSED, null, null, null, cause, null, null, null, thread(), now()));
  }

  @Override
  public void onTransportChange(String from, String to, String reason) {
    TransportChange c = new TransportChange(from, to, reason);
    record(new Event(Kind.TRANSPORT, null, null, null, null, null, null, c, thread(), now()));
  }

  private static String thread() {
    return Thread.currentThread().getName();
  }

  private static long now() {
    return System.nanoTime();
  }

  private void record(Event e) {
    if (inCallback.incrementAndGet() != 1) {
      violation("callbacks overlapped: " + e + " on " + e.thread());
    }
    try {
      lock.lock();
      try {
        if (!events.isEmpty() && events.get(events.size() - 1).kind() == Kind.CLOSED) {
          violations.add("a callback after onClosed: " + e);
        }
        events.add(e);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    } finally {
      inCallback.decrementAndGet();
    }
  }

  private void violation(String what) {
    lock.lock();
    try {
      violations.add(what);
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the next message, skipping skipped kinds. */
  public Message assertNextMessage() {
    return assertNextMessage(DEFAULT_TIMEOUT);
  }

  /** Waits up to {@code timeout} for the next message, skipping skipped kinds. */
  public Message assertNextMessage(Duration timeout) {
    return take(Kind.MESSAGE, e -> true, "a message", timeout).message();
  }

  /** Waits for the next message and checks its id. */
  public Message assertNextMessageWithId(String id) {
    return assertNextMessageWithId(id, DEFAULT_TIMEOUT);
  }

  /** Waits up to {@code timeout} for the next message and checks its id. */
  public Message assertNextMessageWithId(String id, Duration timeout) {
    return take(
            Kind.MESSAGE,
            e -> Objects.equals(id, e.message().id()),
            "the message with id " + id,
            timeout)
        .message();
  }

  /** Waits up to {@code timeout} in all for the next {@code n} messages. */
  public List<Message> assertNextMessages(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Message> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        out.add(assertNextMessage(Duration.ofNanos(left)));
      } catch (AssertionError e) {
        throw new AssertionError(
            "Got " + i + " of " + n + " messages within " + timeout + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Waits up to {@code timeout} in all for the next messages to have exactly these ids, in this
   * order.
   */
  public List<Message> assertNextMessageIds(List<String> ids, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Message> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(
          assertNextMessageWithId(id, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
    }
    return out;
  }

  /** Waits for the next gap, skipping skipped kinds. */
  public Gap assertNextGap() {
    return assertNextGap(DEFAULT_TIMEOUT);
  }

  /** Waits up to {@code timeout} for the next gap, skipping skipped kinds. */
  public Gap assertNextGap(Duration timeout) {
    return take(Kind.GAP, e -> true, "a gap", timeout).gap();
  }

  /** Waits up to {@code timeout} for the next error and checks it is a {@code type}. */
  public <T extends Throwable> T assertNextError(Class<T> type, Duration timeout) {
    return type.cast(
        take(Kind.ERROR, e -> type.isInstance(e.error()), "an error of " + type.getName(), timeout)
            .error());
  }

  /** Waits up to {@code timeout} for the next error and checks its kind. */
  public TidingsException assertNextError(FailureKind kind, Duration timeout) {
    return take(Kind.ERROR, e -> e.error().kind() == kind, "an error of kind " + kind, timeout)
        .error();
  }

  /**
   * Waits up to {@code timeout} for the next state change (other skipped kinds are skipped) and
   * checks it goes to {@code to}.
   */
  public Event assertNextState(SubscriptionState to, Duration timeout) {
    return take(Kind.STATE, e -> e.to() == to, "a state change to " + to, timeout);
  }

  /**
   * Waits until the listener has seen a change to {@code state}, anywhere in the log, consumed or
   * not. Consumes nothing.
   */
  public Event awaitState(SubscriptionState state, Duration timeout) {
    return await(e -> e.kind() == Kind.STATE && e.to() == state, "a change to " + state, timeout);
  }

  /**
   * Waits until {@code onClosed} was called; consumes nothing.
   *
   * @return the cause given to {@code onClosed}, null when closed normally
   */
  public Throwable awaitClosed(Duration timeout) {
    return await(e -> e.kind() == Kind.CLOSED, "onClosed", timeout).cause();
  }

  /** Whether {@code onClosed} was called. */
  public boolean isClosed() {
    return !snapshot(e -> e.kind() == Kind.CLOSED).isEmpty();
  }

  /**
   * Checks that every recorded event was consumed or is of a skipped kind, and that the listener
   * contract held (no overlapping callbacks, nothing after {@code onClosed}).
   */
  public void assertExhausted() {
    lock.lock();
    try {
      if (!violations.isEmpty()) {
        throw new AssertionError("Listener contract broken: " + violations);
      }
      List<Event> left = new ArrayList<>();
      for (int i = next; i < events.size(); i++) {
        if (!skipped.contains(events.get(i).kind())) {
          left.add(events.get(i));
        }
      }
      if (!left.isEmpty()) {
        throw new AssertionError("Unexpected events left: " + left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Every event recorded, in order. */
  public List<Event> events() {
    return snapshot(e -> true);
  }

  /** The events not consumed yet. */
  public List<Event> remaining() {
    lock.lock();
    try {
      return List.copyOf(events.subList(next, events.size()));
    } finally {
      lock.unlock();
    }
  }

  /** Every message recorded, in order. */
  public List<Message> messages() {
    return snapshot(e -> e.kind() == Kind.MESSAGE).stream()
        .map(Event::message)
        .collect(Collectors.toList());
  }

  /** Every error recorded, in order. */
  public List<TidingsException> errors() {
    return snapshot(e -> e.kind() == Kind.ERROR).stream()
        .map(Event::error)
        .collect(Collectors.toList());
  }

  /** Every gap recorded, in order. */
  public List<Gap> gaps() {
    return snapshot(e -> e.kind() == Kind.GAP).stream()
        .map(Event::gap)
        .collect(Collectors.toList());
  }

  /** Every transport change recorded, in order. */
  public List<TransportChange> transportChanges() {
    return snapshot(e -> e.kind() == Kind.TRANSPORT).stream()
        .map(Event::change)
        .collect(Collectors.toList());
  }

  /** Every state change recorded, in order. */
  public List<Event> states() {
    return snapshot(e -> e.kind() == Kind.STATE);
  }

  private List<Event> snapshot(Predicate<Event> test) {
    lock.lock();
    try {
      return events.stream().filter(test).collect(Collectors.toList());
    } finally {
      lock.unlock();
    }
  }

  private Event take(Kind kind, Predicate<Event> test, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      List<Event> skippedHere = new ArrayList<>();
      while (true) {
        while (next < events.size()) {
          Event e = events.get(next);
          if (e.kind() == kind) {
            if (!test.test(e)) {
              throw new AssertionError(
                  "Expected "
                      + what
                      + " but got "
                      + e
                      + (skippedHere.isEmpty() ? "" : " after skipping " + skippedHere));
            }
            next++;
            return e;
          }
          if (skipped.contains(e.kind())) {
            skippedHere.add(e);
            next++;
            continue;
          }
          throw new AssertionError(
              "Expected "
                  + what
                  + " but got "
                  + e
                  + (skippedHere.isEmpty() ? "" : " after skipping " + skippedHere));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "No "
                  + what
                  + " within "
                  + timeout
                  + (skippedHere.isEmpty() ? "" : "; skipped " + skippedHere)
                  + "; events so far: "
                  + events.size());
        }
        awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private Event await(Predicate<Event> test, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      int seen = 0;
      while (true) {
        for (; seen < events.size(); seen++) {
          if (test.test(events.get(seen))) {
            return events.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "No " + what + " within " + timeout + "; last events: " + tail());
        }
        awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private List<Event> tail() {
    return List.copyOf(events.subList(Math.max(0, events.size() - 10), events.size()));
  }

  private void awaitNanos(long nanos) {
    try {
      changed.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting", e);
    }
  }
}
