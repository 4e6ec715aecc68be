package io.tidings;

/**
 * Receives what a subscription delivers.
 *
 * <p><b>Threading.</b> The callbacks of one subscription run one at a time, in order, never on a
 * network thread, on a thread of Tidings' shared, bounded delivery pool ({@code
 * -Dtidings.delivery.threads}, default the number of processors, at least 2), or on the
 * subscription's own executor when it was given one; successive callbacks may run on different
 * threads, each happening-after the previous one. A callback that blocks holds one pool thread and
 * so delays other subscriptions once every pool thread is held. A callback may call {@link
 * Subscription#close()}. A callback that throws is logged and delivery goes on. A slow callback
 * slows the subscription down: when the delivery queue ({@code tidings.delivery.queue-capacity}) is
 * full, the transport stops reading from the network until there is room again (back-pressure,
 * nothing dropped).
 */
@FunctionalInterface
public interface SubscriptionListener {
  /** A message, in the order the {@link OrderingPolicy} decided. Never null. */
  void onMessage(Message message);

  /**
   * The subscription changed state.
   *
   * @param from the previous state
   * @param to the new state
   * @param cause why, when a failure caused it; otherwise null
   */
  default void onStateChange(SubscriptionState from, SubscriptionState to, Throwable cause) {}

  /** Messages were lost and will not be delivered. */
  default void onGap(Gap gap) {}

  /**
   * Something went wrong that did not end the subscription: a malformed message, a failed
   * connection that will be retried. Delivered in order with the messages.
   */
  default void onError(TidingsException error) {}

  /**
   * The last callback: the subscription is {@link SubscriptionState#CLOSED}.
   *
   * @param cause null when closed by the application or ended normally by the server; otherwise why
   *     it gave up
   */
  default void onClosed(Throwable cause) {}
}
