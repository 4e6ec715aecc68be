package io.tidings;

/**
 * Shapes the request of each connection attempt: adds or replaces query parameters and headers, for
 * servers whose resume parameter is not a plain id ({@code since=<time>}) or that want a
 * per-attempt value. Applied on every transport to the poll requests, the SSE request and the
 * WebSocket upgrade, after the configured headers and the {@link CredentialsProvider}'s.
 *
 * <p>Threading: called on one of core's executor threads before each attempt, never on a network or
 * timer thread; it should be quick. An exception it throws fails the attempt like a network failure
 * (backoff, then another try).
 */
@FunctionalInterface
public interface RequestCustomizer {
  /**
   * Changes the request of one attempt.
   *
   * @param attempt which transport, cursor and attempt number; not null
   * @param request the changes to make; not null, valid only during this call
   */
  void customize(AttemptInfo attempt, RequestChanges request);

  /** The attempt being shaped. */
  interface AttemptInfo {
    /** The transport being connected. */
    String transport();

    /** The 1-based number of this connection attempt of the subscription. */
    int attempt();

    /** The id this attempt resumes after, or null when it starts from the live edge. */
    String lastEventId();
  }

  /** What {@link #customize} may change. Not thread-safe. */
  interface RequestChanges {
    /** Sets a query parameter, replacing every value it had. Returns this. */
    RequestChanges setQueryParameter(String name, String value);

    /** Removes a query parameter (for example the default resume parameter). Returns this. */
    RequestChanges removeQueryParameter(String name);

    /** Sets a header, replacing every value it had. Returns this. */
    RequestChanges setHeader(String name, String value);

    /** Removes a header. Returns this. */
    RequestChanges removeHeader(String name);
  }
}
