package io.tidings.spring.internal;

import io.tidings.Message;
import io.tidings.SubscriptionListener;
import java.time.Duration;
import java.util.Optional;

/**
 * Wraps a listener and remembers when the last message was delivered to it (for the health
 * indicator). Thread-safe: the time is written by the delivering thread, read from any.
 */
public final class LastMessageClock extends ForwardingListener {
  private static final long NEVER = Long.MIN_VALUE;

  private volatile long lastMessageNanos = NEVER;

  /** Delivers to {@code listener}, not null. */
  public LastMessageClock(SubscriptionListener listener) {
    super(listener);
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
    super.onMessage(message);
  }

  @Override
  public String toString() {
    return delegate().toString();
  }
}
