package io.tidings;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Messages that will not be delivered: reported through {@link SubscriptionListener#onGap} when the
 * re-order buffer gave up waiting for them, or when the server said it no longer has them.
 * Immutable.
 */
public final class Gap {
  /** Why a gap was reported. */
  public enum Reason {
    /** A missing sequence number did not arrive within the gap timeout. */
    TIMEOUT,
    /** The re-order buffer filled before the missing messages arrived. */
    BUFFER_FULL,
    /** The server no longer has the history needed to resume from the cursor. */
    HISTORY_LOST
  }

  private static final long NONE = Long.MIN_VALUE;

  private final Reason reason;
  private final long firstMissing;
  private final long lastMissing;
  private final String lastIdBefore;

  /**
   * Creates a gap.
   *
   * @param reason why, not null
   * @param firstMissing the first missing sequence number, or {@link Long#MIN_VALUE} if unknown
   * @param lastMissing the last missing sequence number, or {@link Long#MIN_VALUE} if unknown
   * @param lastIdBefore the id of the last message delivered before the gap, or null
   */
  public Gap(Reason reason, long firstMissing, long lastMissing, String lastIdBefore) {
    this.reason = Objects.requireNonNull(reason, "reason");
    this.firstMissing = firstMissing;
    this.lastMissing = lastMissing;
    this.lastIdBefore = lastIdBefore;
  }

  /** Why the gap was reported. */
  public Reason reason() {
    return reason;
  }

  /** The first missing sequence number, when known. */
  public OptionalLong firstMissing() {
    return firstMissing == NONE ? OptionalLong.empty() : OptionalLong.of(firstMissing);
  }

  /** The last missing sequence number, when known. */
  public OptionalLong lastMissing() {
    return lastMissing == NONE ? OptionalLong.empty() : OptionalLong.of(lastMissing);
  }

  /** The id of the last message delivered before the gap, or null. */
  public String lastIdBefore() {
    return lastIdBefore;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Gap)) {
      return false;
    }
    Gap g = (Gap) o;
    return reason == g.reason
        && firstMissing == g.firstMissing
        && lastMissing == g.lastMissing
        && Objects.equals(lastIdBefore, g.lastIdBefore);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, firstMissing, lastMissing, lastIdBefore);
  }

  @Override
  public String toString() {
    return "Gap{"
        + reason
        + (firstMissing == NONE ? "" : ", missing " + firstMissing + ".." + lastMissing)
        + (lastIdBefore == null ? "" : ", after id " + lastIdBefore)
        + '}';
  }
}
