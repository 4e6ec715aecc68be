package io.tidings.testkit.internal;

import java.util.Random;

/**
 * The fault switches the server consults for every request and message. Thread-safe (every method
 * locks this object); set through {@code io.tidings.testkit.Faults}.
 */
public final class FaultState {
  /** A status to answer instead of serving. */
  public record StatusFault(int status, String retryAfter) {}

  /**
   * The drop-after switch: streams are cut after {@code messages} messages sent since they saw this
   * rule (-1: off). A new {@code epoch} per switch, so open streams start counting again.
   */
  record DropRule(int messages, long epoch) {}

  private volatile DropRule dropRule = new DropRule(-1, 0);

  private int dropAfter = -1;
  private int dropOnceAfter = -1;
  private long pollMessagesServed;
  private Random random;
  private double dropProbability;
  private int stallNext;
  private boolean stallAll;
  private int statusRemaining;
  private StatusFault statusFault;
  private int redirectRemaining;
  private int redirectStatus;
  private int rewindNext = -1;
  private final java.util.EnumMap<TransportKind, io.tidings.testkit.Unavailable> unavailable =
      new java.util.EnumMap<>(TransportKind.class);

  /** Makes {@code kind} unavailable {@code how}; null serves it again. */
  public synchronized void unavailable(TransportKind kind, io.tidings.testkit.Unavailable how) {
    if (how == null) {
      unavailable.remove(kind);
    } else {
      unavailable.put(kind, how);
    }
  }

  /** How {@code kind} is unavailable, or null when it is served. */
  synchronized io.tidings.testkit.Unavailable unavailable(TransportKind kind) {
    return unavailable.get(kind);
  }

  /** Every connection from now on drops after {@code messages} messages. */
  public synchronized void dropAfter(int messages) {
    dropAfter = messages;
    pollMessagesServed = 0;
    dropRule = new DropRule(messages, dropRule.epoch() + 1);
  }

  /** The drop-after rule streams check before every item they send. Lock-free. */
  DropRule dropRule() {
    return dropRule;
  }

  /** The next connection drops after {@code messages} messages. */
  public synchronized void dropOnceAfter(int messages) {
    dropOnceAfter = messages;
    pollMessagesServed = 0;
  }

  /** After each message, drop with {@code probability}, drawn from a generator seeded with seed. */
  public synchronized void dropRandomly(long seed, double probability) {
    random = new Random(seed);
    dropProbability = probability;
  }

  /** The next {@code connections} connections or polls stall. */
  public synchronized void stallNext(int connections) {
    stallNext = connections;
  }

  /** Every new connection or poll stalls until cleared. */
  public synchronized void stallAll() {
    stallAll = true;
  }

  /** The next {@code times} requests are answered with this status. */
  public synchronized void respond(int times, StatusFault fault) {
    statusRemaining = times;
    statusFault = fault;
  }

  /** The next {@code times} requests to the feed path are redirected with this status. */
  public synchronized void redirect(int times, int status) {
    redirectRemaining = times;
    redirectStatus = status;
  }

  /** The next cursor a client sends is served {@code messages} earlier than it asked for. */
  public synchronized void rewindNextCursor(int messages) {
    rewindNext = messages;
  }

  /**
   * The position to serve after, for a client's {@code cursor} (null: none): moved back once when
   * {@link #rewindNextCursor} is set, which this consumes.
   */
  public synchronized Long rewound(Long cursor) {
    if (cursor == null || rewindNext < 0) {
      return cursor;
    }
    long r = Math.max(0, cursor - rewindNext);
    rewindNext = -1;
    return r;
  }

  /** Turns every switch off. */
  private volatile String requiredToken;

  /** Only requests with {@code Authorization: Bearer <token>} are served; null serves all. */
  public void requireToken(String token) {
    requiredToken = token;
  }

  /** Whether a request with this {@code Authorization} value may be served. */
  boolean authorized(String authorization) {
    String token = requiredToken;
    return token == null || ("Bearer " + token).equals(authorization);
  }

  public synchronized void clear() {
    requiredToken = null;
    dropAfter = -1;
    dropRule = new DropRule(-1, dropRule.epoch() + 1);
    dropOnceAfter = -1;
    pollMessagesServed = 0;
    random = null;
    dropProbability = 0;
    stallNext = 0;
    stallAll = false;
    statusRemaining = 0;
    statusFault = null;
    redirectRemaining = 0;
    redirectStatus = 0;
    rewindNext = -1;
    unavailable.clear();
  }

  /**
   * For a new stream: after how many messages a one-time drop cuts it, or -1. Consumes it. (The
   * drop-after switch is {@link #dropRule()}, which streams already open obey too.)
   */
  synchronized int takeDropOnceLimit() {
    int n = dropOnceAfter;
    dropOnceAfter = -1;
    return n;
  }

  /** For a poll: whether to drop it (after the drop limit's worth of messages was served). */
  synchronized boolean takePollDrop() {
    int limit = dropOnceAfter >= 0 ? dropOnceAfter : dropAfter;
    if (limit >= 0 && pollMessagesServed >= limit) {
      pollMessagesServed = 0;
      dropOnceAfter = -1;
      return true;
    }
    return randomDrop();
  }

  synchronized void pollServed(int messages) {
    pollMessagesServed += messages;
  }

  /** Whether to drop now, at random. */
  synchronized boolean randomDrop() {
    return random != null && random.nextDouble() < dropProbability;
  }

  /** For a new connection or poll: whether it stalls. Consumes one of the next-K stalls. */
  synchronized boolean takeStall() {
    if (stallAll) {
      return true;
    }
    if (stallNext > 0) {
      stallNext--;
      return true;
    }
    return false;
  }

  /** The status to answer this request with, or null. */
  synchronized StatusFault takeStatus() {
    if (statusRemaining > 0) {
      if (statusRemaining != Integer.MAX_VALUE) {
        statusRemaining--;
      }
      return statusFault;
    }
    return null;
  }

  /** The redirect status for this request, or 0. */
  synchronized int takeRedirect() {
    if (redirectRemaining > 0) {
      if (redirectRemaining != Integer.MAX_VALUE) {
        redirectRemaining--;
      }
      return redirectStatus;
    }
    return 0;
  }
}
