package io.tidings.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads benchmark options given as program arguments {@code --name=value} and as system properties
 * {@code <prefix>name}; arguments win. Names are lower-cased. Stateless.
 */
final class OptionArgs {
  private OptionArgs() {}

  /** The system properties that start with {@code prefix}, without it. */
  static Map<String, String> properties(String prefix) {
    Map<String, String> props = new LinkedHashMap<>();
    System.getProperties()
        .forEach(
            (k, v) -> {
              String key = k.toString();
              if (key.startsWith(prefix)) {
                props.put(key.substring(prefix.length()), v.toString());
              }
            });
    return props;
  }

  /**
   * {@code defaults} (such as {@link #properties}) overridden by {@code args}, values trimmed.
   *
   * @throws IllegalArgumentException for an argument not shaped {@code --name=value}
   */
  static Map<String, String> merge(Map<String, String> defaults, String[] args, String usage) {
    Map<String, String> values = new LinkedHashMap<>();
    defaults.forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), v.trim()));
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException(
            "Arguments look like --messages=5000; got '" + arg + "'. " + usage);
      }
      int eq = arg.indexOf('=');
      values.put(arg.substring(2, eq).toLowerCase(Locale.ROOT), arg.substring(eq + 1).trim());
    }
    return values;
  }

  /** Whether {@code args} asks for help ({@code --help} or {@code -h} alone). */
  static boolean isHelp(String[] args) {
    return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
  }

  /** The names in a comma-separated list, lower-cased. */
  static List<String> names(String value) {
    List<String> names = new ArrayList<>();
    for (String n : value.split(",")) {
      if (!n.isBlank()) {
        names.add(n.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /**
   * An immutable copy of {@code transports}, checked against {@link
   * BenchmarkOptions#DEFAULT_TRANSPORTS}.
   *
   * @throws IllegalArgumentException when it is empty or names an unknown transport
   */
  static List<String> transports(String option, List<String> transports) {
    List<String> copy = List.copyOf(transports);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(option + " must name at least one transport");
    }
    for (String t : copy) {
      if (!BenchmarkOptions.DEFAULT_TRANSPORTS.contains(t)) {
        throw new IllegalArgumentException(
            "Unknown transport '" + t + "'; choose from " + BenchmarkOptions.DEFAULT_TRANSPORTS);
      }
    }
    return copy;
  }

  static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Option '" + name + "' must be a whole number, was '" + value + "'");
    }
  }

  static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }

  static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  static void notNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
