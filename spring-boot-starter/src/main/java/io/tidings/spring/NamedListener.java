package io.tidings.spring;

import io.tidings.SubscriptionListener;
import io.tidings.spring.internal.ForwardingListener;

/** {@link TidingsListener#of}: a name and a listener. */
final class NamedListener extends ForwardingListener implements TidingsListener {
  private final String subscription;

  NamedListener(String subscription, SubscriptionListener listener) {
    super(listener);
    this.subscription = subscription;
  }

  @Override
  public String subscription() {
    return subscription;
  }

  @Override
  public String toString() {
    return "TidingsListener[" + subscription + " -> " + delegate() + "]";
  }
}
