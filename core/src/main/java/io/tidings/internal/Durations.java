package io.tidings.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations as configuration values: {@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 2d} (a whole number and a unit, case-insensitive, optionally separated by
 * spaces), ISO-8601 ({@code PT30S}, {@code P1DT2H}), and a bare {@code 0}. Stateless; thread-safe.
 */
public final class Durations {
  /** What a duration looks like, for error messages. */
  public static final String EXPECTED = "expected e.g. 250ms, 30s, 5m or ISO-8601 PT30S";

  private static final Pattern SHORT = Pattern.compile("([0-9]+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text the value, not null; surrounding spaces are ignored
   * @return the duration, never negative
   * @throws ConfigValueException when the text is not a duration or is negative
   */
  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("-") || s.startsWith("p-") || s.startsWith("pt-")) {
      throw new ConfigValueException("is negative; " + EXPECTED);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT.matcher(s);
    if (m.matches()) {
      try {
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            return Duration.ofMillis(amount);
          case "s":
            return Duration.ofSeconds(amount);
          case "m":
            return Duration.ofMinutes(amount);
          case "h":
            return Duration.ofHours(amount);
          default:
            return Duration.ofDays(amount);
        }
      } catch (ArithmeticException | NumberFormatException e) {
        throw new ConfigValueException("is too long a duration; " + EXPECTED);
      }
    }
    if (s.startsWith("p")) {
      Duration d;
      try {
        d = Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new ConfigValueException("is not a duration; " + EXPECTED);
      }
      if (d.isNegative()) {
        throw new ConfigValueException("is negative; " + EXPECTED);
      }
      return d;
    }
    throw new ConfigValueException("is not a duration; " + EXPECTED);
  }

  /**
   * Parses a duration that must be greater than zero.
   *
   * @throws ConfigValueException when the text is not a positive duration
   */
  public static Duration parsePositive(String text) {
    Duration d = parse(text);
    if (d.isZero()) {
      throw new ConfigValueException("must be greater than zero; " + EXPECTED);
    }
    return d;
  }

  /**
   * Formats a duration in the shortest form {@link #parse} reads back: the largest of {@code d},
   * {@code h}, {@code m}, {@code s}, {@code ms} that divides it, or ISO-8601 below a millisecond.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.getNano() % 1_000_000 != 0 || d.isNegative()) {
      return d.toString();
    }
    long millis = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }
}
