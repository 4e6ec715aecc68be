package io.tidings.internal;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;

/** The subscription engine. TODO: being implemented. */
public final class SubscriptionEngine {
  private SubscriptionEngine() {}

  public static Subscription start(
      SubscriptionConfig config, SubscriptionListener listener, TransportRegistry registry) {
    throw new UnsupportedOperationException("not yet");
  }
}
