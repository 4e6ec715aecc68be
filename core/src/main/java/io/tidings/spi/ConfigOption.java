package io.tidings.spi;

import io.tidings.internal.ConfigValues;
import io.tidings.internal.Durations;
import io.tidings.internal.Sizes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One configuration key, declared once: its name, default, meaning and parser. Core declares its
 * own; a transport declares its keys in {@link TransportProvider#options()}, and core's loader then
 * reads them from files, {@code TIDINGS_*} environment variables and system properties like its own
 * (named subscriptions inherit them, unknown keys fail with a suggestion), and lists them in the
 * reference table ({@link #markdownTable}). Set one in code with {@code
 * SubscriptionConfig.builder().option(OPTION, value)}; a transport reads it with {@code
 * context.config().option(OPTION)}. Immutable; thread-safe; compared by identity.
 *
 * @param <T> the value's type
 */
public final class ConfigOption<T> {
  /** Every key starts with this. */
  public static final String PREFIX = "tidings.";

  /**
   * Reads a value as written in a file.
   *
   * @param <T> the value's type
   */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * Parses the value.
     *
     * @param text the value, after {@code ${env:NAME}} substitution; not null
     * @return the value; null (none) only for an option without a default
     * @throws IllegalArgumentException with a message that follows {@code key=value}, saying what
     *     is wrong and what was expected without repeating the value, e.g. {@code "is not a
     *     duration; expected e.g. 250ms"}
     */
    T parse(String text);
  }

  private final String name;
  private final T defaultValue;
  private final String defaultText;
  private final String meaning;
  private final Parser<T> parser;
  private final Function<T, String> check;
  private final List<String> choices;

  private ConfigOption(
      String name,
      T defaultValue,
      String defaultText,
      String meaning,
      Parser<T> parser,
      Function<T, String> check) {
    this(name, defaultValue, defaultText, meaning, parser, check, List.of());
  }

  private ConfigOption(
      String name,
      T defaultValue,
      String defaultText,
      String meaning,
      Parser<T> parser,
      Function<T, String> check,
      List<String> choices) {
    if (!name.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
      throw new IllegalArgumentException("not a key name: " + name);
    }
    this.name = name;
    this.defaultValue = defaultValue;
    this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
    this.meaning = Objects.requireNonNull(meaning, "meaning");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.check = check;
    this.choices = List.copyOf(choices);
  }

  /**
   * An option of any type.
   *
   * @param name the key after {@code tidings.}, lower case, e.g. {@code mytransport.batch-size}
   * @param defaultValue the default, or null for none
   * @param defaultText the default as written in a file, or a note such as {@code (none)}
   * @param meaning what it does, one or two sentences of Markdown ending with a period
   * @param parser reads a value from text
   */
  public static <T> ConfigOption<T> of(
      String name, T defaultValue, String defaultText, String meaning, Parser<T> parser) {
    return new ConfigOption<>(name, defaultValue, defaultText, meaning, parser, v -> null);
  }

  /** A duration, zero allowed ({@code 250ms}, {@code 30s}, {@code 5m}, ISO-8601). */
  public static ConfigOption<Duration> duration(String name, Duration dflt, String meaning) {
    return new ConfigOption<>(
        name,
        dflt,
        Durations.format(dflt),
        meaning,
        Durations::parse,
        d -> d.isNegative() ? "is negative; " + Durations.EXPECTED : null);
  }

  /** A duration greater than zero; {@code dflt} null means none. */
  public static ConfigOption<Duration> positiveDuration(
      String name, Duration dflt, String meaning) {
    return new ConfigOption<>(
        name,
        dflt,
        dflt == null ? "(none)" : Durations.format(dflt),
        meaning,
        Durations::parsePositive,
        d ->
            d.isNegative() || d.isZero()
                ? "must be greater than zero; " + Durations.EXPECTED
                : null);
  }

  /** A size in bytes, at least 1 ({@code 1048576}, {@code 512KB}, {@code 8MiB}). */
  public static ConfigOption<Long> size(String name, long dflt, String meaning) {
    return new ConfigOption<>(
        name,
        dflt,
        Sizes.format(dflt),
        meaning,
        Sizes::parse,
        n -> n < 1 ? "must be at least 1 byte; " + Sizes.EXPECTED : null);
  }

  /**
   * A size in bytes whose default the code reading it derives from other keys: the default value is
   * 0 (meaning "derived"), shown as {@code defaultText}. A file gives at least 1 byte; code may set
   * 0 to go back to the derived default.
   *
   * @param defaultText how the derived default is shown, e.g. {@code (4 × max-message-size)}
   */
  public static ConfigOption<Long> derivedSize(String name, String defaultText, String meaning) {
    return new ConfigOption<>(
        name,
        0L,
        defaultText,
        meaning,
        Sizes::parse,
        n -> n < 0 ? "must not be negative; " + Sizes.EXPECTED : null);
  }

  /** A whole number of at least {@code min}. */
  public static ConfigOption<Integer> wholeNumber(String name, int dflt, int min, String meaning) {
    return new ConfigOption<>(
        name,
        dflt,
        Integer.toString(dflt),
        meaning,
        v -> ConfigValues.wholeNumber(v, min),
        n -> n < min ? ConfigValues.outOfRange(min) : null);
  }

  /** A decimal number in {@code [min, below)}. */
  public static ConfigOption<Double> decimal(
      String name, double dflt, double min, double below, String meaning) {
    Function<Double, String> check =
        d ->
            d >= min && d < below
                ? null
                : "is out of range; expected at least "
                    + ConfigValues.format(min)
                    + " and below "
                    + ConfigValues.format(below);
    return new ConfigOption<>(
        name,
        dflt,
        ConfigValues.format(dflt),
        meaning,
        v -> fail(check, ConfigValues.decimal(v)),
        check);
  }

  /** Text that is not blank, trimmed; {@code dflt} null means none and a blank value unsets it. */
  public static ConfigOption<String> text(String name, String dflt, String meaning) {
    return new ConfigOption<>(
        name,
        dflt,
        dflt == null ? "(none)" : dflt,
        meaning,
        dflt == null ? v -> v.isBlank() ? null : v.trim() : ConfigValues::text,
        s -> s.isBlank() ? "is empty; expected a value" : null);
  }

  /** A comma-separated list; empty by default. */
  public static ConfigOption<List<String>> list(String name, String meaning) {
    return new ConfigOption<>(
        name,
        List.of(),
        "(none)",
        meaning,
        v -> ConfigValues.list(v, "a comma-separated list"),
        l -> l.stream().anyMatch(String::isBlank) ? "has an empty item" : null);
  }

  /** A comma-separated set of whole numbers from {@code min} to {@code max}; empty for none. */
  public static ConfigOption<Set<Integer>> codes(
      String name, Set<Integer> dflt, int min, int max, String what, String meaning) {
    List<String> parts = new TreeSet<>(dflt).stream().map(String::valueOf).toList();
    return new ConfigOption<>(
        name,
        Set.copyOf(dflt),
        String.join(",", parts),
        meaning,
        v -> Set.copyOf(ConfigValues.codes(v, min, max, what)),
        s ->
            s.stream().allMatch(c -> c >= min && c <= max)
                ? null
                : "has an item out of range; expected " + what + " from " + min + " to " + max);
  }

  /** One of the {@code words} (case-insensitive), each naming a value. */
  public static <E> ConfigOption<E> choice(
      String name, E dflt, Map<String, E> words, String meaning) {
    String text =
        words.entrySet().stream()
            .filter(e -> e.getValue().equals(dflt))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    return new ConfigOption<>(
        name,
        dflt,
        text,
        meaning,
        v -> ConfigValues.choice(v, words),
        v -> null,
        List.copyOf(words.keySet()));
  }

  private static <T> T fail(Function<T, String> check, T value) {
    String problem = check.apply(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  /** The key after {@code tidings.}, e.g. {@code longpoll.wait}. */
  public String name() {
    return name;
  }

  /** The top-level key, e.g. {@code tidings.longpoll.wait}. */
  public String key() {
    return PREFIX + name;
  }

  /** The default, or null for none. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as written in a file, or a note such as {@code (none)}. */
  public String defaultText() {
    return defaultText;
  }

  /**
   * The words of a {@link #choice} option, in the order of its map.
   *
   * @return an unmodifiable list; empty (never null) for any other option
   */
  public List<String> choices() {
    return choices;
  }

  /** What it does, in Markdown. */
  public String meaning() {
    return meaning;
  }

  /**
   * Parses a value as written in a file.
   *
   * @throws IllegalArgumentException saying what is wrong and what was expected (see {@link
   *     Parser#parse})
   */
  public T parse(String text) {
    T value = parser.parse(text);
    if (value == null && defaultValue != null) {
      throw new IllegalStateException("the parser of " + key() + " returned null");
    }
    return value;
  }

  /**
   * Checks a value set in code.
   *
   * @return the value
   * @throws IllegalArgumentException naming the key and what was expected
   */
  public T check(T value) {
    if (value == null) {
      if (defaultValue == null) {
        return null;
      }
      throw new IllegalArgumentException(key() + " must not be null");
    }
    String problem = check.apply(value);
    if (problem != null) {
      throw new IllegalArgumentException(key() + "=" + value + " " + problem);
    }
    return value;
  }

  /** The reference table of these options as Markdown, as in docs/CONFIGURATION.md. */
  public static String markdownTable(Collection<? extends ConfigOption<?>> options) {
    StringBuilder sb = new StringBuilder("| Key | Default | Meaning |\n|---|---|---|\n");
    for (ConfigOption<?> o : options) {
      sb.append(markdownRow(o.key(), o.defaultText, o.meaning));
    }
    return sb.toString();
  }

  static String markdownRow(String key, String dflt, String meaning) {
    String shown = dflt.startsWith("(") ? dflt : "`" + dflt + "`";
    return "| `" + key + "` | " + shown + " | " + meaning.replace("|", "\\|") + " |\n";
  }

  @Override
  public String toString() {
    return key();
  }
}
