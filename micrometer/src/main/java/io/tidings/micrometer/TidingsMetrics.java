package io.tidings.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.TidingsClient;
import java.util.Objects;

/**
 * Registers Micrometer meters for Tidings subscriptions, one set per subscription, removed from the
 * registry when the subscription closes. Thread-safe.
 *
 * <pre>{@code
 * TidingsMetrics metrics = new TidingsMetrics(registry);
 * Subscription sub = metrics.subscribe(config, listener); // instead of Tidings.subscribe
 * }</pre>
 *
 * <p>Every meter is tagged {@value #TAG_SUBSCRIPTION} (the subscription's name) and {@value
 * #TAG_TRANSPORT} (the configured transport, the first of {@code tidings.transport}), plus the
 * common tags given to the constructor:
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@value #STATE}</td><td>gauge, tag {@code state}</td>
 *       <td>1 for the current {@link io.tidings.SubscriptionState}, 0 for the others</td></tr>
 *   <tr><td>{@value #TRANSPORT_ACTIVE}</td><td>gauge, tag {@code active}</td>
 *       <td>tagged {@code active=<name>} for each configured transport: 1 for the one in use</td></tr>
 *   <tr><td>{@value #MESSAGES}, {@value #BYTES}, {@value #REQUESTS}, {@value #EMPTY_RESPONSES},
 *       {@value #CONNECTIONS}, {@value #RECONNECTS}, {@value #FALLBACKS}, {@value #PROBES},
 *       {@value #SWITCHES}, {@value #DUPLICATES_DROPPED}, {@value #GAPS},
 *       {@value #LISTENER_EXCEPTIONS}</td><td>function counters</td>
 *       <td>the {@link io.tidings.SubscriptionStats} counters of the same names</td></tr>
 *   <tr><td>{@value #ERRORS}</td><td>counter, tag {@code kind}</td>
 *       <td>errors by {@link io.tidings.FailureKind} (lower case): those reported through
 *       {@code onError} and the one that ended the subscription; after {@link #bind} only, a
 *       single {@code kind=unclassified} function counter of {@code stats().errors()}</td></tr>
 *   <tr><td>{@value #STALLS}</td><td>counter</td>
 *       <td>connections given up because nothing arrived within {@code tidings.stall-timeout}</td></tr>
 *   <tr><td>{@value #QUEUED}</td><td>gauge</td><td>messages waiting for delivery</td></tr>
 *   <tr><td>{@value #TIME_CONNECTED}</td><td>function timer-like gauge (seconds)</td>
 *       <td>total time spent open</td></tr>
 *   <tr><td>{@value #DELIVERY_LAG}</td><td>timer</td>
 *       <td>from receipt to the start of the listener call, per message</td></tr>
 *   <tr><td>{@value #DELIVERY_LAG_MAX}, {@value #DELIVERY_LAG_MEAN}</td><td>time gauges</td>
 *       <td>{@code stats().maxDeliveryLag()} and {@code meanDeliveryLag()}</td></tr>
 *   <tr><td>{@value #LAST_MESSAGE_AGE}</td><td>time gauge</td>
 *       <td>time since the last message was delivered (NaN before the first)</td></tr>
 * </table>
 *
 * <p>Counters read {@link Subscription#stats()} when the registry is read (scraped), so the
 * subscription's hot path is unchanged; only the per-message delivery-lag timer, the last message
 * time and the error counters are updated on the delivery thread, by a listener wrapped around the
 * application's. A subscription name must be unique among the live subscriptions bound to one
 * registry: a second one is refused.
 */
public final class TidingsMetrics {
  /** Meter name prefix. */
  public static final String PREFIX = "tidings.subscription";

  /** Tag key: the subscription's name. */
  public static final String TAG_SUBSCRIPTION = "subscription";

  /** Tag key: the configured transport. */
  public static final String TAG_TRANSPORT = "transport";

  /** Gauge: 1 for the current state (tag {@code state}). */
  public static final String STATE = PREFIX + ".state";

  /** Gauge: 1 for the transport in use (tag {@code active}). */
  public static final String TRANSPORT_ACTIVE = PREFIX + ".transport.active";

  /** Function counter: messages delivered. */
  public static final String MESSAGES = PREFIX + ".messages";

  /** Function counter: bytes read. */
  public static final String BYTES = PREFIX + ".bytes";

  /** Function counter: HTTP requests. */
  public static final String REQUESTS = PREFIX + ".requests";

  /** Function counter: responses without a message. */
  public static final String EMPTY_RESPONSES = PREFIX + ".empty.responses";

  /** Function counter: connections opened. */
  public static final String CONNECTIONS = PREFIX + ".connections";

  /** Function counter: reconnect attempts. */
  public static final String RECONNECTS = PREFIX + ".reconnects";

  /** Function counter: moves to the next transport because the one in use was unavailable. */
  public static final String FALLBACKS = PREFIX + ".fallbacks";

  /** Function counter: probe connections started toward the preferred transport. */
  public static final String PROBES = PREFIX + ".probes";

  /** Function counter: make-before-break moves (a probe that succeeded, or switchTransport). */
  public static final String SWITCHES = PREFIX + ".switches";

  /** Function counter: duplicates dropped. */
  public static final String DUPLICATES_DROPPED = PREFIX + ".duplicates.dropped";

  /** Function counter: gaps reported. */
  public static final String GAPS = PREFIX + ".gaps";

  /** Function counter: exceptions the listener's callbacks threw. */
  public static final String LISTENER_EXCEPTIONS = PREFIX + ".listener.exceptions";

  /** Counter: errors by failure kind (tag {@code kind}). */
  public static final String ERRORS = PREFIX + ".errors";

  /** Counter: stalls. */
  public static final String STALLS = PREFIX + ".stalls";

  /** Gauge: messages waiting for delivery. */
  public static final String QUEUED = PREFIX + ".queued";

  /** Time gauge: total time open. */
  public static final String TIME_CONNECTED = PREFIX + ".time.connected";

  /** Timer: delivery lag per message. */
  public static final String DELIVERY_LAG = PREFIX + ".delivery.lag";

  /** Time gauge: longest delivery lag. */
  public static final String DELIVERY_LAG_MAX = PREFIX + ".delivery.lag.longest";

  /** Time gauge: mean delivery lag. */
  public static final String DELIVERY_LAG_MEAN = PREFIX + ".delivery.lag.mean";

  /** Time gauge: time since the last message. */
  public static final String LAST_MESSAGE_AGE = PREFIX + ".last.message.age";

  private final MeterRegistry registry;
  private final Tags commonTags;

  /** Meters in {@code registry}, with no common tags. */
  public TidingsMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Meters in {@code registry}, each also tagged with {@code commonTags}.
   *
   * @param registry not null
   * @param commonTags not null; must not use the keys this class sets
   */
  public TidingsMetrics(MeterRegistry registry, Iterable<Tag> commonTags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.commonTags = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
  }

  /**
   * Starts a subscription like {@link Tidings#subscribe} and registers its meters, all of them
   * (errors by kind, stalls and the delivery-lag timer included). The meters are removed when the
   * subscription closes.
   *
   * @throws IllegalStateException when a live subscription of the same name is bound already
   * @throws io.tidings.ConfigurationException as {@link Tidings#subscribe} does
   */
  public Subscription subscribe(SubscriptionConfig config, SubscriptionListener listener) {
    return subscribe(TidingsClient.defaultClient(), config, listener);
  }

  /**
   * Starts a subscription on {@code client} (its executor, OkHttp client and mapper) like {@link
   * TidingsClient#subscribe}, and registers its meters as {@link #subscribe(SubscriptionConfig,
   * SubscriptionListener)} does.
   *
   * @throws IllegalStateException when a live subscription of the same name is bound already
   * @throws io.tidings.ConfigurationException as {@link TidingsClient#subscribe} does
   */
  public Subscription subscribe(
      TidingsClient client, SubscriptionConfig config, SubscriptionListener listener) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    SubscriptionMeters meters = new SubscriptionMeters(registry, commonTags, config, true);
    Subscription sub;
    try {
      sub = client.subscribe(config, meters.wrap(listener));
    } catch (RuntimeException e) {
      meters.close();
      throw e;
    }
    meters.attach(sub);
    return sub;
  }

  /**
   * Registers the meters of a subscription started elsewhere. Only what {@link
   * Subscription#stats()} tells is available this way: no errors by kind (one {@code
   * kind=unclassified} counter instead), no stalls counter, no delivery-lag timer (the longest and
   * mean lag gauges are there) and no last message age; use {@link #subscribe} for those. The
   * meters are removed when the subscription closes, or earlier by closing the result.
   *
   * @throws IllegalStateException when a live subscription of the same name is bound already
   */
  public SubscriptionMeters bind(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    SubscriptionMeters meters =
        new SubscriptionMeters(
            registry, commonTags, subscription.name(), subscription.transport(), null, false);
    meters.attach(subscription);
    return meters;
  }

  /** The registry the meters go to. */
  public MeterRegistry registry() {
    return registry;
  }
}
