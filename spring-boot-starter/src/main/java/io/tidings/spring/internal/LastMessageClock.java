package io.tidings.spring.internal;

import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import java.time.Duration;
import java.util.Optional;

/**
 * Wraps a listener and remembers when the last message was delivered to it and since when the
 * subscription has not been open (for the health indicator). Thread-safe: the times are written by
 * the delivering thread, read from any.
 */
public final class LastMessageClock extends ForwardingListener {
  private static final long NEVER = Long.MIN_VALUE;

  private volatile long lastMessageNanos = NEVER;
  private volatile long notOpenSinceNanos = System.nanoTime();

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

  /** Time since the subscription was last open (or was created); empty while it is open. */
  public Optional<Duration> notOpenFor() {
    long since = notOpenSinceNanos;
    return since == NEVER
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(System.nanoTime() - since));
  }

  @Override
  public void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {
    if (to == SubscriptionState.OPEN) {
      notOpenSinceNanos = NEVER;
    } else if (from == SubscriptionState.OPEN) {
      notOpenSinceNanos = System.nanoTime();
    }
    super.onStateChange(from, to, cause);
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
