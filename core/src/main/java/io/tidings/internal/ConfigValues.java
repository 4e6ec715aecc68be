package io.tidings.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parsers for configuration values other than durations ({@link Durations}) and sizes ({@link
 * Sizes}). Each throws {@link ConfigValueException} saying what was expected; none puts the value
 * in its message. Stateless; thread-safe.
 */
public final class ConfigValues {
  private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]{1,10}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
  private static final Pattern TRANSPORT = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private ConfigValues() {}

  /** Text that is not blank, trimmed. */
  public static String text(String value) {
    String s = value.trim();
    if (s.isEmpty()) {
      throw new ConfigValueException("is empty; expected a value");
    }
    return s;
  }

  /** Comma-separated items, trimmed; an empty value is an empty list; no empty items. */
  public static List<String> list(String value, String expected) {
    String s = value.trim();
    if (s.isEmpty()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String item : s.split(",", -1)) {
      String t = item.trim();
      if (t.isEmpty()) {
        throw new ConfigValueException("has an empty item; expected " + expected);
      }
      items.add(t);
    }
    return Collections.unmodifiableList(items);
  }

  /** A non-empty list of transport names, lower-cased. */
  public static List<String> transports(String value) {
    String expected = "a comma-separated list of transport names, e.g. sse or websocket,sse";
    List<String> names = new ArrayList<>();
    for (String item : list(value, expected)) {
      String name = item.toLowerCase(Locale.ROOT);
      if (!TRANSPORT.matcher(name).matches()) {
        throw new ConfigValueException(
            "is not a transport name; expected shortpoll, longpoll, sse, websocket or another"
                + " provider's name, or a comma-separated list of them");
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new ConfigValueException("is empty; expected " + expected);
    }
    return names;
  }

  /** A whole number of at least {@code min}. */
  public static int wholeNumber(String value, int min) {
    String s = value.trim();
    long n;
    if (!WHOLE.matcher(s).matches()) {
      throw new ConfigValueException(
          "is not a whole number; expected a whole number of at least " + min);
    }
    n = Long.parseLong(s);
    if (n < min || n > Integer.MAX_VALUE) {
      throw new ConfigValueException(outOfRange(min));
    }
    return (int) n;
  }

  /** The complaint about a whole number below {@code min}. */
  public static String outOfRange(int min) {
    return "is out of range; expected a whole number from " + min + " to " + Integer.MAX_VALUE;
  }

  /** A decimal number, such as {@code 0.5} or {@code 2}; range checks are the builder's. */
  public static double decimal(String value) {
    String s = value.trim();
    if (!DECIMAL.matcher(s).matches()) {
      throw new ConfigValueException("is not a number; expected e.g. 0.5 or 2");
    }
    return Double.parseDouble(s);
  }

  /** One of {@code choices}' keys, case-insensitive. */
  public static <T> T choice(String value, Map<String, T> choices) {
    T t = choices.get(value.trim().toLowerCase(Locale.ROOT));
    if (t == null) {
      throw new ConfigValueException("is not one of " + String.join(", ", choices.keySet()));
    }
    return t;
  }

  /** A comma-separated set of whole numbers in [min, max]; empty means none. */
  public static Set<Integer> codes(String value, int min, int max, String what) {
    String expected = "a comma-separated list of " + what + " from " + min + " to " + max;
    Set<Integer> codes = new LinkedHashSet<>();
    for (String item : list(value, expected)) {
      if (!WHOLE.matcher(item).matches()) {
        throw new ConfigValueException("has an item that is not a number; expected " + expected);
      }
      long n = Long.parseLong(item);
      if (n < min || n > max) {
        throw new ConfigValueException("has an item out of range; expected " + expected);
      }
      codes.add((int) n);
    }
    return codes;
  }

  /** An absolute URL; the scheme and host are checked by the builder. */
  public static URI url(String value) {
    try {
      URI uri = new URI(text(value));
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new ConfigValueException(
            "is not an absolute URL; expected e.g. https://example.com/events");
      }
      return uri;
    } catch (URISyntaxException e) {
      // getReason() does not repeat the input, which may hold a secret.
      throw new ConfigValueException(
          "is not a URL ("
              + e.getReason()
              + " at index "
              + e.getIndex()
              + "); expected e.g. https://example.com/events");
    }
  }

  /** A header value, trimmed, without control characters (which would split or break requests). */
  public static String headerValue(String value) {
    String s = value.trim();
    int i = controlCharacterAt(s);
    if (i >= 0) {
      throw new ConfigValueException(
          "has a control character at index "
              + i
              + "; expected a header value of printable characters");
    }
    return s;
  }

  /** The index of the first control character but tab (which would split a request), or -1. */
  public static int controlCharacterAt(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /** True when {@code name} is a valid HTTP header name (an RFC 9110 token). */
  static boolean isHeaderName(String name) {
    return HEADER_NAME.matcher(name).matches();
  }

  /** A number as the shortest plain decimal: {@code 2}, {@code 0.5}. */
  public static String format(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** {@code file:<path>} of a cursor store whose folder exists. */
  public static java.nio.file.Path cursorStoreFile(String value) {
    String s = text(value);
    if (!s.regionMatches(true, 0, "file:", 0, 5) || s.length() == 5) {
      throw new ConfigValueException("is not a cursor store; expected file:<path>");
    }
    java.nio.file.Path file = path(s.substring(5));
    java.nio.file.Path folder = file.toAbsolutePath().getParent();
    if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
      throw new ConfigValueException(
          "names a file in a folder that does not exist (" + folder + "); create the folder");
    }
    return file;
  }

  /** A file system path. */
  public static java.nio.file.Path path(String value) {
    try {
      return java.nio.file.Path.of(text(value));
    } catch (java.nio.file.InvalidPathException e) {
      throw new ConfigValueException("is not a file path (" + e.getReason() + ")");
    }
  }

  /** A proxy URL; see {@link ProxySetting#parse}. */
  public static ProxySetting proxy(String value) {
    return ProxySetting.parse(text(value));
  }
}
