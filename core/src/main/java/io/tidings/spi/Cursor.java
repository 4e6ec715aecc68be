package io.tidings.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a new connection resumes: the id of the last message core accepted. Immutable. Each
 * transport puts it on the wire its own way (SSE {@code Last-Event-ID}, a query parameter, a resume
 * message).
 */
public final class Cursor {
  private static final Cursor NONE = new Cursor(null);

  private final String lastEventId;

  private Cursor(String lastEventId) {
    this.lastEventId = lastEventId;
  }

  /** Start from the live edge: nothing to resume from. */
  public static Cursor none() {
    return NONE;
  }

  /** Resume after the message with this id. */
  public static Cursor of(String lastEventId) {
    return new Cursor(Objects.requireNonNull(lastEventId, "lastEventId"));
  }

  /** The id to resume after, if any. */
  public Optional<String> lastEventId() {
    return Optional.ofNullable(lastEventId);
  }

  /** True when there is nothing to resume from. */
  public boolean isEmpty() {
    return lastEventId == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cursor && Objects.equals(lastEventId, ((Cursor) o).lastEventId);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(lastEventId);
  }

  @Override
  public String toString() {
    return lastEventId == null ? "Cursor{none}" : "Cursor{" + lastEventId + '}';
  }
}
