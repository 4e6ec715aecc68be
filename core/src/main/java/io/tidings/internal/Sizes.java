package io.tidings.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes byte sizes as configuration values: {@code 1048576}, {@code 512KB} or {@code
 * 512KiB}, {@code 8MB} or {@code 8MiB}, {@code 1GB} or {@code 1GiB}. Units are case-insensitive and
 * binary: KB = KiB = 1024 bytes. Stateless; thread-safe.
 */
public final class Sizes {
  /** What a size looks like, for error messages. */
  public static final String EXPECTED = "expected e.g. 1048576, 512KB or 8MiB";

  private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

  private Sizes() {}

  /**
   * Parses a size of at least one byte.
   *
   * @param text the value, not null; surrounding spaces are ignored
   * @return the number of bytes, at least 1
   * @throws ConfigValueException when the text is not a size, is zero or does not fit a long
   */
  public static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("-")) {
      throw new ConfigValueException("is negative; " + EXPECTED);
    }
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      throw new ConfigValueException("is not a size in bytes; " + EXPECTED);
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
    long bytes;
    try {
      bytes = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new ConfigValueException("is too large; " + EXPECTED);
    }
    if (bytes < 1) {
      throw new ConfigValueException("must be at least 1 byte; " + EXPECTED);
    }
    return bytes;
  }

  /** Formats a size in the shortest exact form {@link #parse} reads back, e.g. {@code 8MiB}. */
  public static String format(long bytes) {
    if (bytes > 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MiB";
    }
    if (bytes > 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KiB";
    }
    return Long.toString(bytes);
  }
}
