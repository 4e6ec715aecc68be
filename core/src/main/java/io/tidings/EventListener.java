package io.tidings;

import java.time.Duration;

/**
 * Operator events of one subscription: connections starting, opening, failing and being closed,
 * each failure's {@link FailureDecision}, reconnect delays, transport switches, deliveries and the
 * end. For metrics and tracing, not for the application's data (that is {@link
 * SubscriptionListener}). Every method does nothing by default: override what you need. Set one
 * with {@link TidingsClient.Builder#eventListener} (shared by every subscription of the client) or
 * {@link TidingsClient.Builder#eventListenerFactory} (one per subscription).
 *
 * <p><b>Threading.</b> Events are called on the thread where they happen: a network thread, the
 * timer, an executor task, or the delivery thread ({@link #messageDelivered} and {@link #closed}),
 * so calls of one subscription may come from several threads at once, and calls of different
 * subscriptions of a shared listener always may. Implementations must be thread-safe, quick and
 * must never block (a slow event slows the network or the timers down). An event that throws is
 * logged at WARN and otherwise ignored. Arguments are never null unless a parameter says so.
 */
public abstract class EventListener {
  /** A listener that does nothing; the default. */
  public static final EventListener NONE = new EventListener() {};

  /** Creates a listener. */
  protected EventListener() {}

  /**
   * A connection attempt starts: core is about to call the transport.
   *
   * @param subscription the subscription
   * @param transport the transport's name
   * @param attempt which connection of this transport this is, from 1
   * @param lastEventId the id it resumes after, or null when it starts from the live edge
   */
  public void connectStart(
      Subscription subscription, String transport, int attempt, String lastEventId) {}

  /** The connection of {@code attempt} is open and carries the subscription. */
  public void connectOpen(Subscription subscription, String transport, int attempt) {}

  /**
   * The connection of {@code attempt} ended on its own (or stalled), and core decided what to do.
   *
   * @param failure why it ended: a {@link StallException} for a stall
   * @param decision what core does about it
   */
  public void connectFailed(
      Subscription subscription,
      String transport,
      int attempt,
      TidingsException failure,
      FailureDecision decision) {}

  /** Core closed the connection of {@code attempt} (the subscription closed, or it was retired). */
  public void connectClosed(Subscription subscription, String transport, int attempt) {}

  /** The next attempt of {@code transport} starts after {@code delay} (backoff or server hint). */
  public void reconnectScheduled(Subscription subscription, String transport, Duration delay) {}

  /**
   * The subscription moved from one transport to another.
   *
   * @param reason why, in words
   */
  public void transportSwitched(Subscription subscription, String from, String to, String reason) {}

  /** A message is about to be handed to the listener. On the delivery thread. */
  public void messageDelivered(Subscription subscription, Message message) {}

  /**
   * The subscription ended: the last event. On the delivery thread, after {@link
   * SubscriptionListener#onClosed}.
   *
   * @param cause null when closed by the application or ended normally; otherwise the {@link
   *     GaveUpException}
   */
  public void closed(Subscription subscription, Throwable cause) {}

  /** Creates one {@link EventListener} per subscription. Thread-safe. */
  @FunctionalInterface
  public interface Factory {
    /**
     * The listener of a new subscription. Called once, while the subscription starts, before any
     * event; do not call the subscription's methods from here.
     */
    EventListener create(Subscription subscription);
  }
}
