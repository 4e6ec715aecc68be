package io.tidings.micrometer;

import static io.tidings.micrometer.TidingsMetrics.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.StallException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.TidingsException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one subscription, registered by {@link TidingsMetrics}. They are removed from the
 * registry when the subscription closes, or earlier by {@link #close()}. Thread-safe.
 */
public final class SubscriptionMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final Tags tags;
  private final List<String> transports;
  private final List<Meter> meters = new ArrayList<>(); // guarded by this
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<FailureKind, Counter> errors = new EnumMap<>(FailureKind.class);
  private final Counter stalls;
  private final Timer lag;

  /**
   * System.nanoTime() of the last delivered message; 0: none yet. Written by the delivery thread.
   */
  private volatile long lastMessageNanos;

  SubscriptionMeters(MeterRegistry registry, Tags common, SubscriptionConfig config, boolean full) {
    this(registry, common, config.name(), config.transport(), config.transports(), full);
  }

  SubscriptionMeters(
      MeterRegistry registry,
      Tags common,
      String name,
      String transport,
      List<String> transports,
      boolean full) {
    this.registry = registry;
    this.tags = common.and(TAG_SUBSCRIPTION, name).and(TAG_TRANSPORT, transport);
    this.transports = transports == null || transports.isEmpty() ? List.of(transport) : transports;
    if (registry.find(STATE).tags(tags).gauge() != null) {
      throw new IllegalStateException(
          "Metrics of a subscription named '"
              + name
              + "' are registered already; a name must be unique among live subscriptions");
    }
    if (full) {
      for (FailureKind kind : FailureKind.values()) {
        errors.put(
            kind,
            add(
                Counter.builder(ERRORS)
                    .description("Errors by failure kind")
                    .tags(tags)
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry)));
      }
      stalls =
          add(
              Counter.builder(STALLS)
                  .description("Connections given up because nothing arrived in time")
                  .tags(tags)
                  .register(registry));
      lag =
          add(
              Timer.builder(DELIVERY_LAG)
                  .description("Time from receipt to the start of the listener call")
                  .tags(tags)
                  .register(registry));
      add(
          TimeGauge.builder(
                  LAST_MESSAGE_AGE, this, TimeUnit.NANOSECONDS, SubscriptionMeters::lastMessageAge)
              .description("Time since the last message was delivered")
              .tags(tags)
              .strongReference(true)
              .register(registry));
    } else {
      stalls = null;
      lag = null;
    }
  }

  /** Registers the meters that read the subscription; removes them all when it closes. */
  void attach(Subscription sub) {
    for (SubscriptionState state : SubscriptionState.values()) {
      add(
          Gauge.builder(STATE, sub, s -> s.state() == state ? 1 : 0)
              .description("1 for the subscription's current state")
              .tags(tags)
              .tag("state", state.name().toLowerCase(Locale.ROOT))
              .strongReference(true)
              .register(registry));
    }
    for (String t : transports) {
      add(
          Gauge.builder(TRANSPORT_ACTIVE, sub, s -> t.equals(s.transport()) ? 1 : 0)
              .description("1 for the transport in use")
              .tags(tags)
              .tag("active", t)
              .strongReference(true)
              .register(registry));
    }
    counter(sub, MESSAGES, "Messages delivered to the listener", null, SubscriptionStats::messages);
    counter(sub, BYTES, "Bytes read from the network", "bytes", SubscriptionStats::bytes);
    counter(sub, REQUESTS, "HTTP requests sent", null, SubscriptionStats::requests);
    counter(
        sub,
        EMPTY_RESPONSES,
        "Responses that carried no message",
        null,
        SubscriptionStats::emptyResponses);
    counter(sub, CONNECTIONS, "Connections opened", null, SubscriptionStats::connections);
    counter(sub, RECONNECTS, "Reconnect attempts started", null, SubscriptionStats::reconnects);
    counter(
        sub,
        FALLBACKS,
        "Moves to the next transport because the one in use was unavailable",
        null,
        SubscriptionStats::fallbacks);
    counter(sub, PROBES, "Probes of the preferred transport", null, SubscriptionStats::probes);
    counter(sub, SWITCHES, "Make-before-break transport moves", null, SubscriptionStats::switches);
    counter(
        sub,
        DUPLICATES_DROPPED,
        "Messages dropped by de-duplication",
        null,
        SubscriptionStats::duplicatesDropped);
    counter(sub, GAPS, "Gaps reported", null, SubscriptionStats::gaps);
    counter(
        sub,
        LISTENER_EXCEPTIONS,
        "Exceptions the listener's callbacks threw",
        null,
        SubscriptionStats::listenerExceptions);
    if (errors.isEmpty()) {
      add(
          FunctionCounter.builder(ERRORS, sub, s -> s.stats().errors())
              .description("Errors (not classified: bound from stats only)")
              .tags(tags)
              .tag("kind", "unclassified")
              .register(registry));
    }
    add(
        Gauge.builder(QUEUED, sub, s -> s.stats().queued())
            .description("Messages waiting for delivery")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    timeGauge(sub, TIME_CONNECTED, "Total time open", SubscriptionStats::timeConnected);
    timeGauge(sub, DELIVERY_LAG_MAX, "Longest delivery lag", SubscriptionStats::maxDeliveryLag);
    timeGauge(sub, DELIVERY_LAG_MEAN, "Mean delivery lag", SubscriptionStats::meanDeliveryLag);
    if (closed.get()) {
      removeAll();
    }
    sub.closed().whenComplete((ignored, error) -> close());
  }

  /** The meters registered for the subscription; empty once removed. */
  public synchronized List<Meter> meters() {
    return List.copyOf(meters);
  }

  /** Removes the meters from the registry. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      removeAll();
    }
  }

  /** The listener that updates the delivery-side meters, then calls {@code delegate}. */
  SubscriptionListener wrap(SubscriptionListener delegate) {
    return new Metered(delegate);
  }

  private synchronized void removeAll() {
    for (Meter m : meters) {
      registry.remove(m);
    }
    meters.clear();
  }

  private double lastMessageAge() {
    long last = lastMessageNanos;
    return last == 0 ? Double.NaN : System.nanoTime() - last;
  }

  private void counter(
      Subscription sub,
      String name,
      String description,
      String unit,
      ToDoubleFunction<SubscriptionStats> value) {
    add(
        FunctionCounter.builder(name, sub, s -> value.applyAsDouble(s.stats()))
            .description(description)
            .baseUnit(unit)
            .tags(tags)
            .register(registry));
  }

  private void timeGauge(
      Subscription sub,
      String name,
      String description,
      java.util.function.Function<SubscriptionStats, java.time.Duration> value) {
    add(
        TimeGauge.builder(
                name, sub, TimeUnit.NANOSECONDS, s -> (double) value.apply(s.stats()).toNanos())
            .description(description)
            .tags(tags)
            .strongReference(true)
            .register(registry));
  }

  private synchronized <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  private void countError(Throwable error) {
    if (error instanceof TidingsException) {
      Counter c = errors.get(((TidingsException) error).kind());
      if (c != null) {
        c.increment();
      }
      if (error instanceof StallException && stalls != null) {
        stalls.increment();
      }
    }
  }

  /** Delegates every callback; runs on the subscription's delivery thread. */
  private final class Metered implements SubscriptionListener {
    private final SubscriptionListener delegate;

    Metered(SubscriptionListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onMessage(Message message) {
      long now = System.nanoTime();
      lag.record(Math.max(0, now - message.receivedNanos()), TimeUnit.NANOSECONDS);
      lastMessageNanos = now == 0 ? 1 : now;
      delegate.onMessage(message);
    }

    @Override
    public void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {
      delegate.onStateChange(from, to, cause);
    }

    @Override
    public void onGap(Gap gap) {
      delegate.onGap(gap);
    }

    @Override
    public void onError(TidingsException error) {
      countError(error);
      delegate.onError(error);
    }

    @Override
    public void onClosed(Throwable cause) {
      countError(cause);
      delegate.onClosed(cause);
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
