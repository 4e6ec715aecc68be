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
   * Something went wrong that did not end the subscription. Delivered in order with the messages.
   * What arrives: a {@link DecodeException} or {@link MessageTooLargeException} for a message that
   * was skipped; for a connection that failed and will be retried ({@link FailureDecision#RETRY}),
   * the failure itself: a {@link ConnectionException} (network), a {@link StallException} (any
   * timeout: a stall, a read timeout, a late pong), an {@link HttpStatusException}, a {@link
   * ProtocolException} or a {@link ServerClosedException}. Never a {@link GaveUpException} (that
   * goes to {@link #onClosed}).
   */
  default void onError(TidingsException error) {}

  /**
   * The subscription moved to another of its configured transports: it fell back because {@code
   * from} is unavailable on this path, a probe found the preferred transport available again, or
   * the application called {@link Subscription#switchTransport}. In order with the messages: every
   * message before this call arrived before the switch was complete, and nothing was lost or
   * repeated across it (with an ordering policy that de-duplicates).
   *
   * @param from the transport that carried the subscription
   * @param to the transport that carries it now ({@link Subscription#transport()})
   * @param reason why, in words
   */
  default void onTransportChange(String from, String to, String reason) {}

  /**
   * The last callback: the subscription is {@link SubscriptionState#CLOSED}.
   *
   * @param cause null when closed by the application or ended normally by the server; otherwise
   *     always a {@link GaveUpException} (the same one {@link Subscription#closed()} fails with),
   *     whose cause is the failure that ended it
   */
  default void onClosed(Throwable cause) {}
}
