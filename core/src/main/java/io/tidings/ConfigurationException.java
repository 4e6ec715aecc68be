package io.tidings;

/**
 * A configuration is invalid: an unknown key, a bad value, a missing URL, an unknown transport. The
 * message names the key, the (redacted) value and what was expected.
 */
public final class ConfigurationException extends TidingsException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param key the configuration key at fault, or null when no single key is
   * @param message what is wrong and what was expected
   */
  public ConfigurationException(String key, String message) {
    this(key, message, null);
  }

  /** Creates the exception with a cause. */
  public ConfigurationException(String key, String message, Throwable cause) {
    super(FailureKind.CONFIGURATION, message, cause);
    this.key = key;
  }

  /** The key at fault, or null. */
  public String key() {
    return key;
  }
}
