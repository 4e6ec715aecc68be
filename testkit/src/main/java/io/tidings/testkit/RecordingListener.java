package io.tidings.testkit;

import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link SubscriptionListener} that records every callback, for tests. Assertions take events in
 * order and wait for them with a deadline; they fail with what arrived instead.
 *
 * <p>While looking for messages, gaps and data errors, it skips state changes and connection
 * failures (kinds {@link #CONNECTION_FAILURES}): those come and go with reconnects and would make
 * tests brittle. Ask for them explicitly with {@link #assertNextState} or {@link
 * #assertNextError(FailureKind)}.
 *
 * <pre>{@code
 * RecordingListener recorder = new RecordingListener();
 * try (Subscription sub = Tidings.subscribe(config, recorder)) {
 *   server.publish(3);
 *   recorder.assertNextMessageIds("1", "2", "3");
 *   recorder.assertExhausted();
 * }
 * }</pre>
 *
 * <p>Thread-safe: callbacks come from the delivery thread, assertions from the test thread.
 */
public class RecordingListener implements SubscriptionListener {
  /** How long an assertion waits by default: 10 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Failure kinds of connections that core retries; skipped unless asked for. */
  public static final Set<FailureKind> CONNECTION_FAILURES =
      EnumSet.of(
          FailureKind.NETWORK,
          FailureKind.TIMEOUT,
          FailureKind.HTTP_STATUS,
          FailureKind.PROTOCOL,
          FailureKind.CLOSED_BY_SERVER);

  /** What a callback was. */
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
    CLOSED
  }

  /**
   * One recorded callback. Fields that do not apply to its kind are null.
   *
   * @param kind which callback
   * @param message the message ({@link Kind#MESSAGE})
   * @param state the new state ({@link Kind#STATE})
   * @param gap the gap ({@link Kind#GAP})
   * @param error the error ({@link Kind#ERROR})
   * @param cause the cause of a state change or of closing, or null
   * @param thread the name of the thread that called
   */
  public record Event(
      Kind kind,
      Message message,
      SubscriptionState state,
      Gap gap,
      TidingsException error,
      Throwable cause,
      String thread) {
    boolean isNoise() {
      return kind == Kind.STATE
          || (kind == Kind.ERROR && CONNECTION_FAILURES.contains(error.kind()));
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Duration timeout;

  /** A recorder whose assertions wait {@link #DEFAULT_TIMEOUT}. */
  public RecordingListener() {
    this(DEFAULT_TIMEOUT);
  }

  /** A recorder whose assertions wait {@code timeout}. */
  public RecordingListener(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public void onMessage(Message message) {
    record(new Event(Kind.MESSAGE, message, null, null, null, null, thread()));
  }

  @Override
  public void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {
    record(new Event(Kind.STATE, null, to, null, null, cause, thread()));
  }

  @Override
  public void onGap(Gap gap) {
    record(new Event(Kind.GAP, null, null, gap, null, null, thread()));
  }

  @Override
  public void onError(TidingsException error) {
    record(new Event(Kind.ERROR, null, null, null, error, null, thread()));
  }

  @Override
  public void onClosed(Throwable cause) {
    record(new Event(Kind.CLOSED, null, null, null, null, cause, thread()));
  }

  /** Called for every callback; override to add behaviour (call super). */
  protected void record(Event event) {
    events.add(event);
  }

  /** The next message, skipping state changes and connection failures. */
  public Message assertNextMessage() {
    return next(e -> e.kind() == Kind.MESSAGE, "a message", true).message();
  }

  /** The next message, which must have this id. */
  public Message assertNextMessage(String id) {
    Message m = assertNextMessage();
    if (!Objects.equals(id, m.id())) {
      throw new AssertionError("Expected message " + id + " but got " + m);
    }
    return m;
  }

  /** The next messages, which must have these ids, in this order. */
  public List<Message> assertNextMessageIds(String... ids) {
    return assertNextMessageIds(List.of(ids));
  }

  /** The next messages, which must have these ids, in this order. */
  public List<Message> assertNextMessageIds(List<String> ids) {
    List<Message> got = new ArrayList<>(ids.size());
    for (String id : ids) {
      Message m = assertNextMessage();
      if (!id.equals(m.id())) {
        throw new AssertionError(
            "Expected message " + id + " after " + ids(got) + " but got " + m.id() + ": " + m);
      }
      got.add(m);
    }
    return got;
  }

  /** The next {@code count} messages. */
  public List<Message> assertNextMessages(int count) {
    List<Message> got = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      got.add(assertNextMessage());
    }
    return got;
  }

  /** The next gap, skipping state changes and connection failures. */
  public Gap assertNextGap() {
    return next(e -> e.kind() == Kind.GAP, "a gap", true).gap();
  }

  /** The next error of this type, skipping state changes and connection failures of other types. */
  public <T extends TidingsException> T assertNextError(Class<T> type) {
    Event e =
        next(
            ev -> ev.kind() == Kind.ERROR && type.isInstance(ev.error()),
            "an error of type " + type.getSimpleName(),
            true);
    return type.cast(e.error());
  }

  /** The next error of this kind, skipping state changes and other connection failures. */
  public TidingsException assertNextError(FailureKind kind) {
    return next(
            ev -> ev.kind() == Kind.ERROR && ev.error().kind() == kind,
            "a " + kind + " error",
            true)
        .error();
  }

  /** The next state change, which must be to {@code state}; skips nothing else. */
  public Event assertNextState(SubscriptionState state) {
    Event e = next(ev -> ev.kind() == Kind.STATE, "a state change", false);
    if (e.state() != state) {
      throw new AssertionError("Expected state " + state + " but got " + e);
    }
    return e;
  }

  /**
   * Waits for {@link SubscriptionListener#onClosed}, skipping everything before it.
   *
   * @return its cause, or null
   */
  public Throwable awaitClosed() {
    return next(e -> e.kind() == Kind.CLOSED, "onClosed", null).cause();
  }

  /** Fails when anything but state changes and connection failures is left unconsumed. */
  public void assertExhausted() {
    List<Event> left = new ArrayList<>();
    events.drainTo(left);
    left.removeIf(Event::isNoise);
    if (!left.isEmpty()) {
      throw new AssertionError("Unexpected events: " + left);
    }
  }

  /** Every event recorded and not yet consumed, removing them. */
  public List<Event> drain() {
    List<Event> left = new ArrayList<>();
    events.drainTo(left);
    return left;
  }

  /**
   * @param skipNoise true: skip only noise; false: skip nothing; null: skip everything
   */
  private Event next(Predicate<Event> wanted, String what, Boolean skipNoise) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> skipped = new ArrayList<>();
    while (true) {
      Event e;
      try {
        e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for " + what, ie);
      }
      if (e == null) {
        throw new AssertionError("No " + what + " within " + timeout + "; skipped " + skipped);
      }
      if (wanted.test(e)) {
        return e;
      }
      boolean skippable = skipNoise == null || (skipNoise && e.isNoise());
      if (!skippable) {
        throw new AssertionError("Expected " + what + " but got " + e + "; skipped " + skipped);
      }
      skipped.add(e);
    }
  }

  private static List<String> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }

  private static String thread() {
    return Thread.currentThread().getName();
  }
}
