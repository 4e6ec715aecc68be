package io.tidings.spring;

import io.tidings.Subscription;
import io.tidings.SubscriptionState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Actuator health of the running subscriptions ({@code /actuator/health/tidings}): {@code UP} when
 * every subscription is {@link SubscriptionState#OPEN} (or none is running); {@code DOWN} when one
 * is {@link SubscriptionState#RECONNECTING} or {@link SubscriptionState#CLOSED} (it gave up or was
 * closed); otherwise, while one is still {@link SubscriptionState#CONNECTING}, {@code UNKNOWN}. The
 * details give, per subscription, its {@code state}, {@code transport}, {@code lastMessageAge}
 * (ISO-8601, such as {@code PT1.5S}; absent before the first message), {@code messages} and {@code
 * reconnects}. Turn it off with {@code management.health.tidings.enabled=false}. Thread-safe.
 */
public final class TidingsHealthIndicator implements HealthIndicator {
  private final TidingsSubscriptions subscriptions;

  /** Reports on {@code subscriptions}, not null. */
  public TidingsHealthIndicator(TidingsSubscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Override
  public Health health() {
    boolean down = false;
    boolean connecting = false;
    Map<String, Object> details = new LinkedHashMap<>();
    for (Map.Entry<String, Subscription> e : subscriptions.subscriptions().entrySet()) {
      Subscription s = e.getValue();
      SubscriptionState state = s.state();
      down |= state == SubscriptionState.RECONNECTING || state == SubscriptionState.CLOSED;
      connecting |= state == SubscriptionState.CONNECTING;
      var stats = s.stats();
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("state", state.name());
      one.put("transport", s.transport());
      subscriptions
          .lastMessageAge(e.getKey())
          .ifPresent(age -> one.put("lastMessageAge", age.toString()));
      one.put("messages", stats.messages());
      one.put("reconnects", stats.reconnects());
      details.put(e.getKey(), one);
    }
    Status status = down ? Status.DOWN : connecting ? Status.UNKNOWN : Status.UP;
    return Health.status(status).withDetails(details).build();
  }
}
