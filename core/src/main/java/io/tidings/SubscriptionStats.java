package io.tidings;

import java.time.Duration;

/**
 * A snapshot of a subscription's counters, taken by {@link Subscription#stats()}. Immutable.
 * Counters run from the start of the subscription, across every connection.
 *
 * @param transport the transport in use when the snapshot was taken
 * @param messages messages delivered to the listener
 * @param bytes bytes read from the network, as the transport counts them (bodies and frames)
 * @param requests HTTP requests sent (one per poll; one per connection for SSE and WebSocket)
 * @param emptyResponses responses that carried no message (polling: 204, 304, an empty batch)
 * @param connections connections opened
 * @param reconnects reconnect attempts started
 * @param fallbacks moves to the next transport of {@code tidings.transport} because the one in use
 *     was unavailable
 * @param probes probe connections started toward the preferred transport while on a fallback
 * @param switches moves to another transport that a probe or {@link Subscription#switchTransport}
 *     made (make-before-break)
 * @param duplicatesDropped messages dropped by de-duplication
 * @param gaps gaps reported
 * @param errors errors reported through {@link SubscriptionListener#onError}, and the failure a
 *     subscription gave up on
 * @param listenerExceptions exceptions thrown by the listener's callbacks (each is logged; delivery
 *     goes on)
 * @param queued messages waiting for delivery at the time of the snapshot
 * @param timeConnected total time spent {@link SubscriptionState#OPEN}
 * @param meanDeliveryLag mean time from receipt to the start of the listener call
 * @param maxDeliveryLag longest time from receipt to the start of the listener call
 */
public record SubscriptionStats(
    String transport,
    long messages,
    long bytes,
    long requests,
    long emptyResponses,
    long connections,
    long reconnects,
    long fallbacks,
    long probes,
    long switches,
    long duplicatesDropped,
    long gaps,
    long errors,
    long listenerExceptions,
    int queued,
    Duration timeConnected,
    Duration meanDeliveryLag,
    Duration maxDeliveryLag) {}
