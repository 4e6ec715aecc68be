package io.tidings.spring.internal;

import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;
import java.util.Objects;

/**
 * A listener that hands every callback to another one; subclasses override what they add to.
 * Threading is the delegate's: callbacks run on the thread Tidings delivers on.
 */
public abstract class ForwardingListener implements SubscriptionListener {
  private final SubscriptionListener listener;

  /** Forwards to {@code listener}, not null. */
  protected ForwardingListener(SubscriptionListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The listener callbacks are forwarded to. */
  protected final SubscriptionListener delegate() {
    return listener;
  }

  @Override
  public void onMessage(Message message) {
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
}
