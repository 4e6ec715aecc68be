package io.tidings.spring.internal;

import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;
import java.time.Duration;
import java.util.Optional;

/**
 * Wraps a listener and remembers when the last message was delivered to it (for the health
 * indicator). Thread-safe: the time is written by the delivering thread, read from any.
 */
public final class LastMessageClock implements SubscriptionListener {
  private static final long NEVER = Long.MIN_VALUE;

  private final SubscriptionListener listener;
  private volatile long lastMessageNanos = NEVER;

  /** Delivers to {@code listener}, not null. */
  public LastMessageClock(SubscriptionListener listener) {
    this.listener = listener;
  }

  /** Time since the last message reached the listener; empty before the first. */
  public Optional<Duration> lastMessageAge() {
    long last = lastMessageNanos;
    return last == NEVER
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(System.nanoTime() - last));
  }

  @Override
  public void onMessage(Message message) {
    lastMessageNanos = System.nanoTime();
    listener.onMessage(message);
  }

  @Override
  public void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {
    listener.onStateChange(from, to, cause);
  }

  @Override
  public void onGap(Gap gap) {
    listener.onGap(gap);
  }

  @Override
  public void onError(TidingsException error) {
    listener.onError(error);
  }

  @Override
  public void onClosed(Throwable cause) {
    listener.onClosed(cause);
  }

  @Override
  public String toString() {
    return listener.toString();
  }
}
