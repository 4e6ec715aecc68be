package io.tidings.testkit;

/**
 * A snapshot of what the {@link ReferenceServer} served over one transport. Immutable.
 *
 * @param transport the transport name ({@code shortpoll}, {@code longpoll}, {@code sse}, {@code
 *     websocket})
 * @param requests HTTP requests (including WebSocket upgrades) classified as this transport,
 *     including those a fault answered
 * @param connections streams opened (SSE responses, WebSocket sessions) or polls answered
 * @param open streams currently open, or long polls currently held
 * @param bytes body bytes written (frame payloads for WebSocket)
 * @param messages good messages served (gap notices, malformed items and heartbeats not counted)
 */
public record TransportStats(
    String transport, long requests, long connections, long open, long bytes, long messages) {}
