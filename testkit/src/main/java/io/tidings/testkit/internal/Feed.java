package io.tidings.testkit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * The sequenced feed: messages with ids 1, 2, 3, …, the last {@code historySize} of them kept.
 * Thread-safe. Readers register a waker to hear about new messages.
 */
public final class Feed {
  private final int historySize;
  private final StoredMessage[] ring;
  private final List<MalformedItem> pendingBefore = new ArrayList<>();
  private final Set<Runnable> wakers = ConcurrentHashMap.newKeySet();
  private long lastSeq;
  private int malformedEvery;
  private MalformedItem malformedEveryItem;

  /** A feed keeping the last {@code historySize} messages. */
  public Feed(int historySize) {
    if (historySize < 1) {
      throw new IllegalArgumentException("historySize must be at least 1, was " + historySize);
    }
    this.historySize = historySize;
    this.ring = new StoredMessage[historySize];
  }

  /** Appends a message; returns its sequence number. */
  public long publish(String type, String dataJson) {
    return publish(type, seq -> dataJson);
  }

  /** Appends a message whose data depends on its sequence number; returns that number. */
  public long publish(String type, LongFunction<String> dataJson) {
    long seq;
    synchronized (this) {
      seq = ++lastSeq;
      List<MalformedItem> before = new ArrayList<>(pendingBefore);
      pendingBefore.clear();
      if (malformedEvery > 0 && seq > 1 && (seq - 1) % malformedEvery == 0) {
        before.add(malformedEveryItem);
      }
      ring[slot(seq)] = new StoredMessage(seq, type, dataJson.apply(seq), Instant.now(), before);
    }
    wakeAll();
    return seq;
  }

  /** Sends {@code item} just before the next message published. */
  public synchronized void injectBeforeNext(MalformedItem item) {
    pendingBefore.add(item);
  }

  /** Sends {@code item} after every {@code every} messages; {@code every <= 0} stops. */
  public synchronized void injectEvery(int every, MalformedItem item) {
    this.malformedEvery = every;
    this.malformedEveryItem = item;
  }

  /** Forgets pending and periodic malformed items. */
  public synchronized void clearInjections() {
    pendingBefore.clear();
    malformedEvery = 0;
    malformedEveryItem = null;
  }

  /** The last sequence number published, 0 when none. */
  public synchronized long lastSeq() {
    return lastSeq;
  }

  /** The oldest retained sequence number (1 while nothing was lost). */
  public synchronized long firstRetained() {
    return first();
  }

  private long first() {
    return lastSeq == 0 ? 1 : Math.max(1, lastSeq - historySize + 1);
  }

  private int slot(long seq) {
    return (int) (seq % historySize);
  }

  /** When the last message was published, or null. */
  public synchronized Instant lastPublishedAt() {
    return lastSeq == 0 ? null : ring[slot(lastSeq)].publishedAt;
  }

  /** The retained message with sequence {@code seq}, or null. */
  synchronized StoredMessage get(long seq) {
    return seq < first() || seq > lastSeq ? null : ring[slot(seq)];
  }

  /**
   * Up to {@code max} messages after {@code position}, with a gap first when some after it are no
   * longer retained.
   */
  synchronized Fetch after(long position, int max) {
    long first = first();
    long gapFirst = 0;
    long gapLast = 0;
    if (position < first - 1 && position < lastSeq) {
      gapFirst = position + 1;
      gapLast = first - 1;
      position = first - 1;
    }
    List<StoredMessage> out = new ArrayList<>();
    boolean more = false;
    for (long seq = Math.max(position + 1, first); seq <= lastSeq; seq++) {
      if (out.size() == max) {
        more = true;
        break;
      }
      out.add(ring[slot(seq)]);
    }
    return new Fetch(gapFirst, gapLast, out, more);
  }

  /** Registers a task run (on the publishing thread) after every publish. */
  void addWaker(Runnable waker) {
    wakers.add(waker);
  }

  void removeWaker(Runnable waker) {
    wakers.remove(waker);
  }

  void wakeAll() {
    for (Runnable w : wakers) {
      w.run();
    }
  }
}
