package io.tidings.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a new connection resumes: the id of the last message core accepted, plus the opaque resume
 * hints this transport reported on its earlier connections ({@link
 * ConnectionListener#onResumeHint}), such as a poll's batch cursor or a response's {@code ETag} and
 * {@code Last-Modified}. Core owns all of it: a transport keeps nothing across connections. Hints
 * belong to one transport (another transport never sees them) and are handed back only while they
 * still describe the cursor: once another connection moved the last id, they are dropped.
 * Immutable.
 *
 * <p>Each transport puts the cursor on the wire its own way (SSE {@code Last-Event-ID}, a query
 * parameter, a resume message, conditional request headers).
 */
public final class Cursor {
  private static final Cursor NONE = new Cursor(null, Map.of());

  private final String lastEventId;
  private final Map<String, String> hints;

  private Cursor(String lastEventId, Map<String, String> hints) {
    this.lastEventId = lastEventId;
    this.hints = hints;
  }

  /** Start from the live edge: nothing to resume from. */
  public static Cursor none() {
    return NONE;
  }

  /** Resume after the message with this id, without hints. */
  public static Cursor of(String lastEventId) {
    return new Cursor(Objects.requireNonNull(lastEventId, "lastEventId"), Map.of());
  }

  /**
   * A cursor with an id and hints.
   *
   * @param lastEventId the id to resume after, or null for none
   * @param hints the transport's resume hints, not null (copied; null keys or values refused)
   */
  public static Cursor of(String lastEventId, Map<String, String> hints) {
    if (lastEventId == null && hints.isEmpty()) {
      return NONE;
    }
    return new Cursor(lastEventId, Collections.unmodifiableMap(new TreeMap<>(hints)));
  }

  /** This cursor with one more hint ({@code value} null removes {@code key}). */
  public Cursor withHint(String key, String value) {
    Objects.requireNonNull(key, "key");
    Map<String, String> copy = new TreeMap<>(hints);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return of(lastEventId, copy);
  }

  /** The id to resume after, if any. */
  public Optional<String> lastEventId() {
    return Optional.ofNullable(lastEventId);
  }

  /** The hint this transport reported under {@code key} on an earlier connection, if any. */
  public Optional<String> hint(String key) {
    return Optional.ofNullable(hints.get(key));
  }

  /** Every hint, by key. Unmodifiable, never null. */
  public Map<String, String> hints() {
    return hints;
  }

  /** True when there is nothing to resume from: no id and no hint. */
  public boolean isEmpty() {
    return lastEventId == null && hints.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cursor
        && Objects.equals(lastEventId, ((Cursor) o).lastEventId)
        && hints.equals(((Cursor) o).hints);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(lastEventId) * 31 + hints.hashCode();
  }

  /** The id and the hints' keys (not their values). */
  @Override
  public String toString() {
    String id = lastEventId == null ? "none" : lastEventId;
    return hints.isEmpty()
        ? "Cursor{" + id + '}'
        : "Cursor{" + id + ", hints=" + hints.keySet() + '}';
  }
}
