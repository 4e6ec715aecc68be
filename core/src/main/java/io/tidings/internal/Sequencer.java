package io.tidings.internal;

import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.OrderingPolicy;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Applies an {@link OrderingPolicy}: de-duplicates, re-orders by sequence, and reports gaps. Not
 * thread-safe: the engine calls it under its lock. Emits in delivery order to the sinks given at
 * construction.
 */
final class Sequencer {
  private static final long NONE = Long.MIN_VALUE;

  private final OrderingPolicy policy;
  private final Consumer<Message> messages;
  private final Consumer<Gap> gaps;
  private final IdWindow seenIds; // null when the window is 0
  private final TreeMap<Long, Message> early = new TreeMap<>();
  private final long byteLimit; // of early, by Message.size()
  private long earlyBytes;
  private long lastSequence = NONE;
  private String lastId;
  private long duplicates;

  Sequencer(OrderingPolicy policy, Consumer<Message> messages, Consumer<Gap> gaps) {
    this(policy, Long.MAX_VALUE, messages, gaps);
  }

  /**
   * @param byteLimit bytes of early messages ({@link Message#size()}) the re-order buffer holds
   *     before it reports a {@link Gap.Reason#BUFFER_FULL} gap and moves on, as it does past {@link
   *     OrderingPolicy#bufferLimit()} messages
   */
  Sequencer(OrderingPolicy policy, long byteLimit, Consumer<Message> messages, Consumer<Gap> gaps) {
    this.policy = policy;
    this.byteLimit = byteLimit;
    this.messages = messages;
    this.gaps = gaps;
    // Sized to what is used, not to the window: an idle subscription keeps a few hundred bytes
    // here, not the ~12 KB a full default window of 1024 ids takes up front; and remembering an id
    // allocates nothing once it has grown.
    this.seenIds = policy.window() == 0 ? null : new IdWindow(policy.window());
  }

  /** Takes one received message. */
  void accept(Message m) {
    switch (policy.mode()) {
      case AS_RECEIVED:
        emit(m);
        return;
      case DEDUPLICATE:
        if (isDuplicateId(m.id())) {
          duplicates++;
          return;
        }
        emit(m);
        return;
      default:
        ordered(m);
    }
  }

  private void ordered(Message m) {
    if (m.sequence().isEmpty()) {
      if (isDuplicateId(m.id())) {
        duplicates++;
      } else {
        emit(m);
      }
      return;
    }
    long seq = m.sequence().getAsLong();
    if (lastSequence == NONE || seq == lastSequence + 1) {
      emitSequenced(m, seq);
      flushContiguous();
    } else if (seq <= lastSequence || early.containsKey(seq)) {
      duplicates++;
    } else {
      early.put(seq, m);
      earlyBytes += m.size();
      while (!early.isEmpty() && (early.size() > policy.bufferLimit() || earlyBytes > byteLimit)) {
        skipToFirstHeld(Gap.Reason.BUFFER_FULL);
      }
    }
  }

  /** The server lost history: move past it, then deliver what is held. */
  void serverGap(Gap gap) {
    gaps.accept(
        new Gap(
            gap.reason(), gap.firstMissing().orElse(NONE), gap.lastMissing().orElse(NONE), lastId));
    if (policy.mode() == OrderingPolicy.Mode.ORDERED && gap.lastMissing().isPresent()) {
      long last = gap.lastMissing().getAsLong();
      if (lastSequence == NONE || last > lastSequence) {
        lastSequence = last;
        Map<Long, Message> skipped = early.headMap(last, true);
        for (Message held : skipped.values()) {
          earlyBytes -= held.size();
        }
        skipped.clear();
        flushContiguous();
      }
    }
  }

  /** The gap timeout passed: report what is missing before the first held message, move on. */
  void gapTimeout() {
    if (!early.isEmpty()) {
      skipToFirstHeld(Gap.Reason.TIMEOUT);
    }
  }

  /** The last sequence number delivered in order (what a gap starts after), or -1 for none. */
  long lastSequence() {
    return lastSequence;
  }

  /** True while early messages wait for a missing one. */
  boolean isWaiting() {
    return !early.isEmpty();
  }

  /** The id of the last message emitted: where a new connection resumes. */
  String lastId() {
    return lastId;
  }

  /**
   * Starts after a message delivered before this subscription existed (a cursor store, {@code
   * startAfter}): new connections resume after it, and a server that replays it is not believed.
   * With {@code ordered}, an id that is a plain decimal number is also taken as the last delivered
   * sequence number (as it is for a message without a {@code seq} field): a server that ignores the
   * resume id and replays from further back has every message at or before it dropped, and a hole
   * after it is a gap.
   */
  void resumeAfter(String id) {
    lastId = id;
    remember(id);
    long seq = FrameDecoder.decimal(id);
    if (policy.mode() == OrderingPolicy.Mode.ORDERED && seq != Long.MIN_VALUE) {
      lastSequence = seq;
    }
  }

  /** The server cleared the id (SSE {@code id} with an empty value): resume without a cursor. */
  void clearLastId() {
    lastId = null;
  }

  /** Messages dropped as duplicates so far. */
  long duplicates() {
    return duplicates;
  }

  private void skipToFirstHeld(Gap.Reason reason) {
    Map.Entry<Long, Message> first = early.firstEntry();
    long firstMissing = lastSequence == NONE ? NONE : lastSequence + 1;
    gaps.accept(new Gap(reason, firstMissing, first.getKey() - 1, lastId));
    lastSequence = first.getKey() - 1;
    flushContiguous();
  }

  private void flushContiguous() {
    Map.Entry<Long, Message> next;
    while ((next = early.firstEntry()) != null && next.getKey() == lastSequence + 1) {
      early.pollFirstEntry();
      earlyBytes -= next.getValue().size();
      emitSequenced(next.getValue(), next.getKey());
    }
  }

  private void emitSequenced(Message m, long seq) {
    lastSequence = seq;
    if (m.id() != null) {
      remember(m.id());
    }
    emit(m);
  }

  private void emit(Message m) {
    if (m.id() != null) {
      lastId = m.id();
    }
    messages.accept(m);
  }

  private boolean isDuplicateId(String id) {
    if (id == null) {
      return false;
    }
    if (seenIds != null && seenIds.contains(id)) {
      return true;
    }
    remember(id);
    return false;
  }

  private void remember(String id) {
    if (seenIds != null && id != null) {
      seenIds.add(id);
    }
  }
}
