package io.tidings.testkit.internal;

import java.time.Duration;

/**
 * The reference server's settings. Immutable.
 *
 * @param path the feed path
 * @param movedPath the path a redirect fault sends clients to (serves the same feed)
 * @param publishPath the path of {@code POST} publishing
 * @param historySize how many messages are retained for resuming
 * @param batchSize the most messages in one poll batch
 * @param heartbeatInterval SSE comments and WebSocket pings when idle; zero for none
 * @param sseRetry the SSE {@code retry:} to send on connect, or null
 * @param cursorParam the cursor query parameter
 * @param waitParam the long poll wait query parameter
 * @param maxWait the longest a long poll is held
 * @param replayWithoutCursor whether a client without cursor gets the retained history
 * @param webSocketResumeGrace how long a WebSocket without cursor parameter waits for a resume
 *     message
 */
public record HubConfig(
    String path,
    String movedPath,
    String publishPath,
    int historySize,
    int batchSize,
    Duration heartbeatInterval,
    Duration sseRetry,
    String cursorParam,
    String waitParam,
    Duration maxWait,
    boolean replayWithoutCursor,
    Duration webSocketResumeGrace) {}
