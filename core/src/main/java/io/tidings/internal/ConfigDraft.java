package io.tidings.internal;

import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The builders one subscription's keys are applied to, in {@link ConfigKey} order, before {@link
 * ConfigLoader} finishes them into a {@link SubscriptionConfig}. Values that only make sense
 * together (ordering mode and its parameters, the adaptive short-poll bounds) wait here until the
 * finishing steps. Not thread-safe; one per load.
 */
final class ConfigDraft {
  private final SubscriptionConfig.Builder config = SubscriptionConfig.builder();
  private final ReconnectPolicy.Builder reconnect = ReconnectPolicy.exponentialBackoff();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Set<String> redacted = new TreeSet<>();
  private OrderingPolicy.Mode orderingMode;
  private Integer orderingWindow;
  private Integer orderingBufferLimit;
  private Duration orderingGapTimeout;
  private Duration shortPollMin;
  private Duration shortPollMax;

  ConfigDraft(String name) {
    config.name(name);
  }

  /** The subscription builder, for keys that map to one setter. */
  SubscriptionConfig.Builder config() {
    return config;
  }

  /** The reconnect policy builder. */
  ReconnectPolicy.Builder reconnect() {
    return reconnect;
  }

  /** Adds or replaces a header; names match case-insensitively, the latest spelling wins. */
  void header(String name, String value) {
    headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
    headers.put(name, value);
  }

  /** Adds header names to redact (lower-cased). */
  void redact(Iterable<String> names) {
    names.forEach(n -> redacted.add(n.toLowerCase(Locale.ROOT)));
  }

  void orderingMode(OrderingPolicy.Mode mode) {
    this.orderingMode = mode;
  }

  void orderingWindow(int window) {
    this.orderingWindow = window;
  }

  void orderingBufferLimit(int bufferLimit) {
    this.orderingBufferLimit = bufferLimit;
  }

  void orderingGapTimeout(Duration gapTimeout) {
    this.orderingGapTimeout = gapTimeout;
  }

  void shortPollMinInterval(Duration min) {
    this.shortPollMin = min;
  }

  void shortPollMaxInterval(Duration max) {
    this.shortPollMax = max;
  }

  /** Builds the reconnect policy into the config; may throw IllegalArgumentException. */
  void finishReconnect() {
    config.reconnectPolicy(reconnect.build());
  }

  /**
   * Builds the ordering policy: {@code window} applies to deduplicate (the default mode), {@code
   * buffer-limit} and {@code gap-timeout} to ordered; the others are ignored so a named
   * subscription can switch modes without unsetting what it inherited.
   */
  void finishOrdering() {
    OrderingPolicy.Mode mode =
        orderingMode == null ? OrderingPolicy.Mode.DEDUPLICATE : orderingMode;
    switch (mode) {
      case AS_RECEIVED:
        config.orderingPolicy(OrderingPolicy.asReceived());
        break;
      case ORDERED:
        config.orderingPolicy(
            OrderingPolicy.ordered(
                orderingBufferLimit == null
                    ? OrderingPolicy.DEFAULT_BUFFER_LIMIT
                    : orderingBufferLimit,
                orderingGapTimeout == null
                    ? OrderingPolicy.DEFAULT_GAP_TIMEOUT
                    : orderingGapTimeout));
        break;
      default:
        config.orderingPolicy(
            OrderingPolicy.deduplicate(
                orderingWindow == null ? OrderingPolicy.DEFAULT_WINDOW : orderingWindow));
    }
  }

  /** Sets the adaptive short-poll bounds; may throw IllegalArgumentException. */
  void finishShortPoll() {
    config.shortPollAdaptive(shortPollMin, shortPollMax);
  }

  /** Sets headers and redaction, then builds; throws IllegalStateException without a URL. */
  SubscriptionConfig build() {
    config.headers(headers);
    config.redactedHeaders(redacted);
    return config.build();
  }
}
