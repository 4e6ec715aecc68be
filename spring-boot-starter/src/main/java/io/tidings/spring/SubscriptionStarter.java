package io.tidings.spring;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;

/**
 * Starts the starter's subscriptions. The auto-configuration provides one ({@link
 * Tidings#subscribe}, or {@code TidingsMetrics.subscribe} when a {@code MeterRegistry} bean and
 * {@code tidings-micrometer} are present); declare your own bean to change how, for example to add
 * what properties cannot say ({@code config.toBuilder().credentials(...)}). Called on the thread
 * that starts the application context.
 */
@FunctionalInterface
public interface SubscriptionStarter {
  /**
   * Starts one subscription.
   *
   * @param config as loaded from the {@code tidings.*} keys; not null
   * @param listener delivers to the bound {@link TidingsListener}; not null
   * @return the live subscription, not null
   */
  Subscription start(SubscriptionConfig config, SubscriptionListener listener);
}
