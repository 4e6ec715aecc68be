package io.tidings.spring.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.micrometer.TidingsMetrics;
import io.tidings.spring.SubscriptionStarter;
import java.util.function.Supplier;

/**
 * Starts subscriptions with their meters ({@link TidingsMetrics#subscribe}) in the registry the
 * supplier gives when the subscription starts, or without meters when it gives none. Thread-safe.
 */
public final class MeteredStarter implements SubscriptionStarter {
  private final Supplier<MeterRegistry> registry;
  private volatile TidingsMetrics metrics;

  /** Meters in {@code registry.get()}, asked for at the first start; null there means none. */
  public MeteredStarter(Supplier<MeterRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public Subscription start(SubscriptionConfig config, SubscriptionListener listener) {
    TidingsMetrics m = metrics();
    return m == null ? Tidings.subscribe(config, listener) : m.subscribe(config, listener);
  }

  private TidingsMetrics metrics() {
    TidingsMetrics m = metrics;
    if (m == null) {
      MeterRegistry r = registry.get();
      if (r != null) {
        m = new TidingsMetrics(r);
        metrics = m;
      }
    }
    return m;
  }
}
