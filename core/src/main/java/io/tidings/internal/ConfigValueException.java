package io.tidings.internal;

/**
 * A configuration value could not be read. The message is the predicate of a sentence whose subject
 * is {@code key=value}, e.g. {@code "is not a duration; expected e.g. 250ms"}; {@link ConfigLoader}
 * turns it into an {@link io.tidings.ConfigurationException} naming the source, key and (redacted)
 * value. Never carries the value itself.
 */
public final class ConfigValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong and what was expected, without the key or value
   */
  public ConfigValueException(String problem) {
    super(problem);
  }
}
