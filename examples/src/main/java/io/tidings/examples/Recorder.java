package io.tidings.examples;

import io.tidings.DecodeException;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A listener that records what a subscription delivers: ids in arrival order, the latency of each
 * {@link Tick}, state changes, gaps and errors; and lets another thread wait for them with a
 * deadline. Thread-safe.
 */
final class Recorder implements SubscriptionListener {
  /** Called for each message after it was recorded, on the delivery thread. */
  interface Printer {
    void print(Message message, long latencyMicros);
  }

  private final Printer printer;
  private volatile Consumer<String> events = line -> {};
  private final List<String> ids = new ArrayList<>();
  private final List<Long> sequences = new ArrayList<>();
  private final List<Long> latencies = new ArrayList<>();
  private final List<Gap> gaps = new ArrayList<>();
  private final List<TidingsException> errors = new ArrayList<>();
  private int reconnecting;
  private boolean closed;
  private Throwable closeCause;

  Recorder(Printer printer) {
    this.printer = printer;
  }

  /**
   * Also prints, as they happen, each state change after the first open (reconnects), each error
   * reported through {@code onError}, each gap and the end; on the delivery thread.
   */
  Recorder printingEvents(Consumer<String> events) {
    this.events = events;
    return this;
  }

  @Override
  public void onMessage(Message message) {
    long latency = latencyMicros(message);
    synchronized (this) {
      ids.add(message.id());
      message.sequence().ifPresent(sequences::add);
      if (latency >= 0) {
        latencies.add(latency);
      }
      notifyAll();
    }
    printer.print(message, latency);
  }

  @Override
  public void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {
    synchronized (this) {
      if (to == SubscriptionState.RECONNECTING) {
        reconnecting++;
        notifyAll();
      }
    }
    if (to == SubscriptionState.RECONNECTING) {
      events.accept("  reconnecting" + (cause == null ? "" : " after: " + cause.getMessage()));
    } else if (to == SubscriptionState.OPEN && from == SubscriptionState.RECONNECTING) {
      events.accept("  open again");
    }
  }

  @Override
  public void onGap(Gap gap) {
    synchronized (this) {
      gaps.add(gap);
    }
    events.accept("  gap: " + gap);
  }

  @Override
  public void onError(TidingsException error) {
    synchronized (this) {
      errors.add(error);
    }
    events.accept("  error: " + error.getMessage());
  }

  @Override
  public void onClosed(Throwable cause) {
    synchronized (this) {
      closed = true;
      closeCause = cause;
      notifyAll();
    }
    if (cause != null) {
      events.accept("  gave up: " + cause.getMessage());
    }
  }

  /** The latency carried by a {@link Tick}, or -1 when the data is not one. */
  static long latencyMicros(Message message) {
    if (!message.data().contains("sentAtMicros")) {
      return -1;
    }
    try {
      return message.as(Tick.class).ageMicros();
    } catch (DecodeException e) {
      return -1;
    }
  }

  synchronized List<String> ids() {
    return new ArrayList<>(ids);
  }

  /** Sequence numbers in arrival order (of the messages that had one). */
  synchronized List<Long> sequences() {
    return new ArrayList<>(sequences);
  }

  synchronized int count() {
    return ids.size();
  }

  synchronized List<Long> latencies() {
    return new ArrayList<>(latencies);
  }

  synchronized List<Gap> gaps() {
    return new ArrayList<>(gaps);
  }

  synchronized List<TidingsException> errors() {
    return new ArrayList<>(errors);
  }

  /** Times the subscription went {@link SubscriptionState#RECONNECTING}. */
  synchronized int reconnecting() {
    return reconnecting;
  }

  synchronized boolean closed() {
    return closed;
  }

  synchronized Throwable closeCause() {
    return closeCause;
  }

  /** Waits until {@code count} messages arrived; false when the timeout passed or it closed. */
  boolean awaitCount(int count, Duration timeout) throws InterruptedException {
    return await(() -> ids.size() >= count, timeout);
  }

  /** Waits until the subscription went RECONNECTING more than {@code times} times. */
  boolean awaitReconnectingAfter(int times, Duration timeout) throws InterruptedException {
    return await(() -> reconnecting > times, timeout);
  }

  private synchronized boolean await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || closed) {
        return condition.getAsBoolean();
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
