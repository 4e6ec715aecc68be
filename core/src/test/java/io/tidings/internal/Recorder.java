package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records listener calls; assertions take them in order, skipping state changes unless asked. */
class Recorder implements SubscriptionListener {
  static final Duration WAIT = Duration.ofSeconds(10);

  record Event(String kind, Object value, String thread) {}

  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  @Override
  public void onMessage(Message message) {
    events.add(new Event("message", message, Thread.currentThread().getName()));
  }

  @Override
  public void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {
    events.add(new Event("state", to, Thread.currentThread().getName()));
  }

  @Override
  public void onGap(Gap gap) {
    events.add(new Event("gap", gap, Thread.currentThread().getName()));
  }

  @Override
  public void onError(TidingsException error) {
    events.add(new Event("error", error, Thread.currentThread().getName()));
  }

  @Override
  public void onTransportChange(String from, String to, String reason) {
    events.add(
        new Event("transport", from + "->" + to + ": " + reason, Thread.currentThread().getName()));
  }

  @Override
  public void onClosed(Throwable cause) {
    events.add(
        new Event("closed", cause == null ? "none" : cause, Thread.currentThread().getName()));
  }

  Event next(String kind) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Event> skipped = new ArrayList<>();
    while (true) {
      Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("No " + kind + " within " + WAIT + "; skipped " + skipped);
      }
      if (e.kind().equals(kind)) {
        return e;
      }
      boolean skippable =
          e.kind().equals("state") || (kind.equals("closed") && e.kind().equals("error"));
      if (!skippable && !kind.equals("state")) {
        throw new AssertionError(
            "Expected " + kind + " but got " + e + " (skipped " + skipped + ")");
      }
      skipped.add(e);
    }
  }

  Message nextMessage() throws InterruptedException {
    return (Message) next("message").value();
  }

  void assertNextMessages(String... ids) throws InterruptedException {
    for (String id : ids) {
      assertEquals(id, nextMessage().id());
    }
  }

  Gap nextGap() throws InterruptedException {
    return (Gap) next("gap").value();
  }

  TidingsException nextError() throws InterruptedException {
    return (TidingsException) next("error").value();
  }

  SubscriptionState nextState() throws InterruptedException {
    return (SubscriptionState) next("state").value();
  }

  /** The next transport change as {@code from->to: reason}. */
  String nextTransportChange() throws InterruptedException {
    return (String) next("transport").value();
  }

  Object nextClosed() throws InterruptedException {
    return next("closed").value();
  }

  /** Nothing but state changes is left. (When waiting for "closed", errors are skipped too.) */
  void assertExhausted() {
    List<Event> left = new ArrayList<>();
    events.drainTo(left);
    left.removeIf(e -> e.kind().equals("state"));
    assertTrue(left.isEmpty(), () -> "Unexpected events: " + left);
  }
}
