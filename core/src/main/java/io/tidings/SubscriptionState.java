package io.tidings;

/**
 * The lifecycle of a {@link Subscription}: {@code CONNECTING → OPEN → RECONNECTING → OPEN … →
 * CLOSED}. {@code CLOSED} is terminal.
 */
public enum SubscriptionState {
  /** The first connection attempt is under way. */
  CONNECTING,
  /** A connection is established and messages flow. */
  OPEN,
  /** The last connection ended; a new one is scheduled or under way, resuming from the cursor. */
  RECONNECTING,
  /** Terminal: closed by the application, ended by the server, or given up. */
  CLOSED;

  /** Returns true for {@link #CLOSED}. */
  public boolean isTerminal() {
    return this == CLOSED;
  }
}
