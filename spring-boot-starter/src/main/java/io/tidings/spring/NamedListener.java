package io.tidings.spring;

import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.TidingsException;

/** {@link TidingsListener#of}: a name and a listener. */
final class NamedListener implements TidingsListener {
  private final String subscription;
  private final SubscriptionListener listener;

  NamedListener(String subscription, SubscriptionListener listener) {
    this.subscription = subscription;
    this.listener = listener;
  }

  @Override
  public String subscription() {
    return subscription;
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

  @Override
  public String toString() {
    return "TidingsListener[" + subscription + " -> " + listener + "]";
  }
}
