package io.tidings.testkit;

import java.time.Instant;

/**
 * One request the {@link ReferenceServer} received on the feed, as recorded when it was answered
 * (or, for streams, accepted). Immutable.
 *
 * @param transport the transport it was classified as
 * @param path the request path
 * @param lastEventId the cursor the client sent ({@code Last-Event-ID}, the cursor query parameter,
 *     or {@code If-None-Match}), or null
 * @param status the status answered: 200, 204, 304, 101 for a WebSocket upgrade, a fault's status,
 *     or 0 when a fault dropped or stalled it
 * @param at when it arrived
 * @param nanoTime {@link System#nanoTime()} when it arrived, for measuring delays between requests
 */
public record RecordedRequest(
    String transport, String path, String lastEventId, int status, Instant at, long nanoTime) {}
