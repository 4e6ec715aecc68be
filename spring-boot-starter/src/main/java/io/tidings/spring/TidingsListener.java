package io.tidings.spring;

import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import java.util.Objects;

/**
 * A listener bean bound to a subscription configured under {@code tidings.subscriptions.NAME.*}:
 * the starter starts that subscription when the application context has refreshed, delivers to this
 * bean, and closes the subscription with the context. One listener bean per subscription.
 *
 * <p>The callbacks' threading is {@link SubscriptionListener}'s: one at a time per subscription, on
 * Tidings' delivery pool, never on a network thread.
 */
@FunctionalInterface
public interface TidingsListener extends SubscriptionListener {
  /**
   * The name of the subscription to listen to. The default, {@value
   * SubscriptionConfig#DEFAULT_NAME}, means the top-level {@code tidings.*} keys, unless a
   * subscription is named {@code default}.
   */
  default String subscription() {
    return SubscriptionConfig.DEFAULT_NAME;
  }

  /**
   * A listener bound to the named subscription, delivering to {@code listener}.
   *
   * @param subscription the name under {@code tidings.subscriptions}; not null
   * @param listener not null
   */
  static TidingsListener of(String subscription, SubscriptionListener listener) {
    return new NamedListener(
        Objects.requireNonNull(subscription, "subscription"),
        Objects.requireNonNull(listener, "listener"));
  }
}
