package io.tidings.testkit.internal;

import java.util.List;

/**
 * What a reader gets from the feed after its position.
 *
 * @param gapFirst first missing sequence number when history was lost, else 0
 * @param gapLast last missing sequence number when history was lost, else 0
 * @param messages the messages after the position (after the gap), oldest first
 * @param more true when more messages follow than were returned
 */
record Fetch(long gapFirst, long gapLast, List<StoredMessage> messages, boolean more) {
  boolean hasGap() {
    return gapFirst > 0;
  }

  boolean isEmpty() {
    return !hasGap() && messages.isEmpty();
  }

  /** The sequence number a reader is at after taking everything here. */
  long endPosition(long position) {
    if (!messages.isEmpty()) {
      return messages.get(messages.size() - 1).seq;
    }
    return hasGap() ? gapLast : position;
  }
}
