package io.tidings.internal;

import io.tidings.Message;
import io.tidings.SubscriptionConfig;
import java.util.concurrent.Flow;

/** Flow adapter. TODO: being implemented. */
public final class SubscriptionPublisher implements Flow.Publisher<Message> {
  public SubscriptionPublisher(SubscriptionConfig config, TransportRegistry registry) {}

  @Override
  public void subscribe(Flow.Subscriber<? super Message> subscriber) {
    throw new UnsupportedOperationException("not yet");
  }
}
