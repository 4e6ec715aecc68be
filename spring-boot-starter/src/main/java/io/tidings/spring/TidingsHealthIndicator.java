package io.tidings.spring;

import io.tidings.Subscription;
import io.tidings.SubscriptionState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Actuator health of the running subscriptions ({@code /actuator/health/tidings}): {@code DOWN}
 * when one is {@link SubscriptionState#CLOSED} (it gave up or was closed) or has not been open for
 * {@code downAfter} or longer ({@link #DEFAULT_DOWN_AFTER} by default); otherwise {@code UNKNOWN}
 * while one is still {@link SubscriptionState#CONNECTING} for the first time, else {@code UP}. A
 * subscription that is {@link SubscriptionState#RECONNECTING} within its normal backoff is {@code
 * UP} (a dropped connection that resumes should not take a readiness probe down); its details then
 * carry {@code notOpenFor}. The details give, per subscription, its {@code state}, {@code
 * transport}, {@code lastMessageAge} and {@code notOpenFor} (ISO-8601, such as {@code PT1.5S};
 * absent before the first message / while open), {@code messages} and {@code reconnects}. Turn it
 * off with {@code management.health.tidings.enabled=false}. Thread-safe.
 */
public final class TidingsHealthIndicator implements HealthIndicator {
  /** How long a subscription may be not open (reconnecting) before it counts as DOWN: 60 s. */
  public static final Duration DEFAULT_DOWN_AFTER = Duration.ofSeconds(60);

  private final TidingsSubscriptions subscriptions;
  private final Duration downAfter;

  /** Reports on {@code subscriptions}, not null, with {@link #DEFAULT_DOWN_AFTER}. */
  public TidingsHealthIndicator(TidingsSubscriptions subscriptions) {
    this(subscriptions, DEFAULT_DOWN_AFTER);
  }

  /**
   * Reports on {@code subscriptions}; a subscription not open for {@code downAfter} or longer is
   * DOWN. Neither may be null; {@code downAfter} must not be negative.
   */
  public TidingsHealthIndicator(TidingsSubscriptions subscriptions, Duration downAfter) {
    if (downAfter.isNegative()) {
      throw new IllegalArgumentException("downAfter must not be negative: " + downAfter);
    }
    this.subscriptions = java.util.Objects.requireNonNull(subscriptions, "subscriptions");
    this.downAfter = downAfter;
  }

  @Override
  public Health health() {
    boolean down = false;
    boolean connecting = false;
    Map<String, Object> details = new LinkedHashMap<>();
    for (Map.Entry<String, Subscription> e : subscriptions.subscriptions().entrySet()) {
      Subscription s = e.getValue();
      SubscriptionState state = s.state();
      var notOpenFor = subscriptions.notOpenFor(e.getKey());
      down |=
          state == SubscriptionState.CLOSED
              || notOpenFor.map(t -> t.compareTo(downAfter) >= 0).orElse(false);
      connecting |= state == SubscriptionState.CONNECTING;
      var stats = s.stats();
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("state", state.name());
      one.put("transport", s.transport());
      subscriptions
          .lastMessageAge(e.getKey())
          .ifPresent(age -> one.put("lastMessageAge", age.toString()));
      notOpenFor.ifPresent(t -> one.put("notOpenFor", t.toString()));
      one.put("messages", stats.messages());
      one.put("reconnects", stats.reconnects());
      details.put(e.getKey(), one);
    }
    Status status = down ? Status.DOWN : connecting ? Status.UNKNOWN : Status.UP;
    return Health.status(status).withDetails(details).build();
  }
}
