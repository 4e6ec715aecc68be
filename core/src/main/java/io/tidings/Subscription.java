package io.tidings;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A live subscription, created by {@link Tidings#subscribe}. Thread-safe: every method may be
 * called from any thread, including from a listener callback.
 */
public interface Subscription extends AutoCloseable {
  /** The subscription's name ({@code default} unless named in the configuration). */
  String name();

  /** The name of the transport in use, such as {@code sse}. */
  String transport();

  /** The current state. */
  SubscriptionState state();

  /**
   * Waits until the subscription is in {@code state}.
   *
   * @return true when it is; false when the timeout passed first, or the subscription closed
   *     (closed can never become another state)
   * @throws InterruptedException when interrupted while waiting
   */
  boolean awaitState(SubscriptionState state, Duration timeout) throws InterruptedException;

  /** The id of the last message delivered to the listener, if any. */
  Optional<String> lastEventId();

  /** A snapshot of the counters. Cheap; safe to call often. */
  SubscriptionStats stats();

  /**
   * Sends text to the server. Only transports with the {@code SEND} capability can (WebSocket).
   *
   * @return completes when the message was handed to the network; fails with a {@link
   *     TidingsException} of kind {@link FailureKind#UNSUPPORTED} on receive-only transports,
   *     {@link FailureKind#NOT_OPEN} when not open, {@link FailureKind#OVERFLOW} when the send
   *     buffer is full
   */
  CompletionStage<Void> send(String text);

  /**
   * Sends binary data to the server. The array is not copied; do not modify it afterwards.
   *
   * @see #send(String)
   */
  CompletionStage<Void> send(byte[] bytes);

  /**
   * Closes the subscription. Idempotent. Safe from any thread, including a listener callback.
   * Returns when the subscription's reads, connections and callbacks are over (from a callback:
   * when everything but the calling callback is over; its delivery ends when the callback returns).
   * An {@code onMessage} in flight is finished, no message queued after it is delivered, and a
   * {@link CursorStore} is given that message's id and flushed before this returns: called from the
   * application's shutdown hook, a SIGTERM loses and repeats nothing across a restart. A listener
   * callback that does not return holds this up: after 10 seconds close logs a warning, interrupts
   * the thread running that callback and returns.
   */
  @Override
  void close();

  /**
   * Moves the subscription to another transport of its {@code tidings.transport} list, for
   * applications that reload their configuration. Make-before-break: the new connection opens from
   * the current cursor beside the old one, and only once it is open and has been heard from (a
   * first message, comment or heartbeat) does it carry the subscription and the old one close;
   * messages arriving on both meanwhile go through the one sequencer, so none is lost or repeated
   * (when the ordering policy de-duplicates, as the default does). Thread-safe; returns at once.
   *
   * @param transport the name of a configured transport, not null
   * @return completes when {@code transport} carries the subscription (at once when it already
   *     does), then {@link #transport()} returns it; fails with a {@link ConfigurationException}
   *     for a transport that is not configured, with the new connection's failure (the subscription
   *     stays where it was), or with a {@link TidingsException} of kind {@link
   *     FailureKind#NOT_OPEN} when the subscription closes first or a later switch supersedes it
   */
  CompletionStage<Void> switchTransport(String transport);

  /**
   * Drops the current connection and connects again at once from the cursor, without counting a
   * failure (for network-change events: a new Wi-Fi, a VPN that came up). A pending reconnect delay
   * is skipped. Does nothing once the subscription is closed. Thread-safe; returns at once.
   */
  void reconnectNow();

  /**
   * Completes when the subscription is {@link SubscriptionState#CLOSED} and its last callback
   * returned. It completes normally when the application closed it or the server ended it ({@link
   * FailureDecision#END_NORMALLY}). It completes exceptionally with a {@link GaveUpException}, and
   * never another type, when the subscription gave up: a fatal failure ({@link
   * FailureDecision#GIVE_UP}, the failure as its cause), the {@link ReconnectPolicy}'s budget spent
   * (the last failure as its cause), or a listener callback that threw a {@link
   * VirtualMachineError} (that error as its cause).
   */
  CompletionStage<Void> closed();
}
