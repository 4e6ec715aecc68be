package io.tidings;

import io.tidings.internal.TransportRegistry;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * Entry points. Thread-safe. The static methods are shortcuts for {@link
 * TidingsClient#defaultClient()}; build a {@link TidingsClient} with {@link #builder()} to choose
 * the executor, OkHttp client, Jackson mapper or an operator {@link EventListener}.
 *
 * <pre>{@code
 * SubscriptionConfig config = SubscriptionConfig.load(Path.of("tidings.properties"));
 * try (Subscription sub = Tidings.subscribe(config, message -> System.out.println(message.data()))) {
 *   sub.awaitState(SubscriptionState.OPEN, Duration.ofSeconds(10));
 *   ...
 * }
 * }</pre>
 */
public final class Tidings {
  private Tidings() {}

  /**
   * Starts a subscription. Returns at once; the first connection is made in the background.
   *
   * @param config what to subscribe to and how, not null
   * @param listener receives messages and events, not null
   * @throws ConfigurationException when the configured transport is not on the class path
   */
  public static Subscription subscribe(SubscriptionConfig config, SubscriptionListener listener) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    return TidingsClient.defaultClient().subscribe(config, listener);
  }

  /**
   * A cold {@link Flow.Publisher}: each {@code subscribe} starts its own subscription, which
   * honours {@code request(n)} (no more messages are delivered than requested; the network is not
   * read further while the delivery queue is full) and ends when the subscriber cancels. A
   * subscription that gives up signals {@code onError}; one the server ends signals {@code
   * onComplete}.
   */
  public static Flow.Publisher<Message> publisher(SubscriptionConfig config) {
    Objects.requireNonNull(config, "config");
    return TidingsClient.defaultClient().publisher(config);
  }

  /**
   * A builder for a {@link TidingsClient}: the executor, OkHttp client, Jackson mapper, operator
   * {@link EventListener} and scheduler shared by the subscriptions it starts.
   */
  public static TidingsClient.Builder builder() {
    return TidingsClient.builder();
  }

  /** The names of the transports found on the class path, sorted. */
  public static Set<String> transports() {
    return TransportRegistry.global().names();
  }
}
