package io.tidings.spring;

import io.tidings.ConfigSource;
import io.tidings.ConfigurationException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.spring.internal.LastMessageClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The application's Tidings subscriptions: one per {@link TidingsListener} bean, configured by the
 * {@code tidings.*} keys. Every configuration is loaded (and so checked) when this bean is created;
 * the subscriptions start when the application context has refreshed ({@link SmartLifecycle}, in
 * the last phase) and are closed when it stops or closes, before the beans they deliver to are
 * destroyed. A named subscription without a listener bean is checked but not started; its
 * configuration is available from {@link #configs()}.
 *
 * <p>Thread-safe. Null is never returned.
 */
public final class TidingsSubscriptions implements SmartLifecycle, DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(TidingsSubscriptions.class);

  private final ConfigSource source;
  private final Map<String, SubscriptionConfig> configs;
  private final Supplier<Map<String, TidingsListener>> listeners;
  private final SubscriptionStarter starter;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private boolean started;

  /**
   * Loads every configuration of {@code source}.
   *
   * @param listeners the listener beans by bean name, asked for when starting
   * @throws ConfigurationException naming the origin, key and value of a bad entry
   */
  public TidingsSubscriptions(
      ConfigSource source,
      Supplier<Map<String, TidingsListener>> listeners,
      SubscriptionStarter starter) {
    this.source = Objects.requireNonNull(source, "source");
    this.listeners = Objects.requireNonNull(listeners, "listeners");
    this.starter = Objects.requireNonNull(starter, "starter");
    this.configs = source.loadAll();
  }

  /** Every named subscription's configuration, by name, in order of first appearance. */
  public Map<String, SubscriptionConfig> configs() {
    return configs;
  }

  /** The live subscription of that name, while the context runs. */
  public synchronized Optional<Subscription> subscription(String name) {
    Running r = running.get(name);
    return r == null ? Optional.empty() : Optional.of(r.subscription);
  }

  /** The subscriptions started, by name, in start order (empty when not running). */
  public synchronized Map<String, Subscription> subscriptions() {
    Map<String, Subscription> all = new LinkedHashMap<>();
    running.forEach((name, r) -> all.put(name, r.subscription));
    return Collections.unmodifiableMap(all);
  }

  /** Time since the named subscription last delivered a message; empty before the first. */
  public synchronized Optional<Duration> lastMessageAge(String name) {
    Running r = running.get(name);
    return r == null ? Optional.empty() : r.clock.lastMessageAge();
  }

  /**
   * How long the named running subscription has not been open (since it last was, or since it
   * started); empty while it is open or when no such subscription runs.
   */
  public synchronized Optional<Duration> notOpenFor(String name) {
    Running r = running.get(name);
    return r == null ? Optional.empty() : r.clock.notOpenFor();
  }

  /**
   * Starts one subscription per listener bean.
   *
   * @throws ConfigurationException when a listener names a subscription that is not configured
   * @throws IllegalStateException when two listener beans name one subscription
   */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    Map<String, String> beanBySubscription = new LinkedHashMap<>();
    Map<String, TidingsListener> bound = new LinkedHashMap<>();
    listeners
        .get()
        .forEach(
            (bean, listener) -> {
              String name = listener.subscription();
              if (name == null || name.isBlank()) {
                throw new IllegalStateException(
                    "listener bean '" + bean + "' names no subscription (subscription() is blank)");
              }
              String other = beanBySubscription.putIfAbsent(name, bean);
              if (other != null) {
                throw new IllegalStateException(
                    "subscription '"
                        + name
                        + "' has two listener beans, '"
                        + other
                        + "' and '"
                        + bean
                        + "'; bind one listener per subscription");
              }
              bound.put(name, listener);
            });
    Map<String, SubscriptionConfig> chosen = new LinkedHashMap<>();
    bound.keySet().forEach(name -> chosen.put(name, config(name)));
    try {
      chosen.forEach(
          (name, config) -> {
            LastMessageClock clock = new LastMessageClock(bound.get(name));
            running.put(name, new Running(starter.start(config, clock), clock));
          });
    } catch (RuntimeException e) {
      closeAll();
      throw e;
    }
    configs.keySet().stream()
        .filter(name -> !bound.containsKey(name))
        .forEach(name -> LOG.debug("subscription {} has no listener bean: not started", name));
    started = true;
  }

  /** Closes every subscription; returns when their callbacks are over. */
  @Override
  public synchronized void stop() {
    started = false;
    closeAll();
  }

  @Override
  public synchronized boolean isRunning() {
    return started;
  }

  @Override
  public void destroy() {
    stop();
  }

  private SubscriptionConfig config(String name) {
    SubscriptionConfig named = configs.get(name);
    if (named != null) {
      return named;
    }
    if (name.equals(SubscriptionConfig.DEFAULT_NAME)) {
      return source.load();
    }
    return source.load(name); // throws, naming the subscriptions there are
  }

  private void closeAll() {
    List<Running> all = new ArrayList<>(running.values());
    Collections.reverse(all);
    running.clear();
    for (Running r : all) {
      try {
        r.subscription.close();
      } catch (RuntimeException e) {
        LOG.warn("closing subscription {} failed", r.subscription.name(), e);
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "TidingsSubscriptions" + running.keySet();
  }

  private record Running(Subscription subscription, LastMessageClock clock) {}
}
