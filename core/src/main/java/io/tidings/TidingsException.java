package io.tidings;

import java.util.Objects;

/**
 * Base of every exception Tidings reports. {@link #kind()} says what failed; subclasses carry the
 * details (the HTTP status, the offending key, the size limit). Messages never contain secrets.
 */
public class TidingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;

  /**
   * Creates an exception of the given kind.
   *
   * @param kind what failed, not null
   * @param message what happened and, where it helps, what to do next
   * @param cause the underlying exception, or null
   */
  public TidingsException(FailureKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** Creates an exception of the given kind without a cause. */
  public TidingsException(FailureKind kind, String message) {
    this(kind, message, null);
  }

  /** What failed. Never null. */
  public FailureKind kind() {
    return kind;
  }
}
