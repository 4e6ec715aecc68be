package io.tidings.internal;

import io.tidings.ConfigurationException;
import io.tidings.SubscriptionConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The merged {@code tidings.*} entries of one load (file, then environment, then system
 * properties), checked against {@link ConfigKey} and grouped into the top level and the named
 * subscriptions; builds {@link SubscriptionConfig}s from them. Every problem is a {@link
 * ConfigurationException} naming the source, key, value (redacted for secret headers, without
 * user-info and query for URLs) and what was expected. Not thread-safe; one per load.
 */
final class ConfigSet {
  /** Shown instead of a secret. */
  static final String REDACTED = "██";

  private static final String ENV_START = "${env:";

  private final String source;
  private final Map<String, String> env;
  private final Set<String> redacted = new TreeSet<>(SubscriptionConfig.ALWAYS_REDACTED);
  private final Level top = new Level();
  private final Map<String, Level> named = new LinkedHashMap<>();

  /**
   * Checks every key and groups the entries.
   *
   * @param source the main source (file path, {@code properties}), for errors without an entry
   * @param entries every {@code tidings.*} entry in order, later sources already applied
   * @param env the environment for {@code ${env:NAME}}
   * @throws ConfigurationException for an unknown key or a bad header name
   */
  ConfigSet(String source, Iterable<ConfigEntry> entries, Map<String, String> env) {
    this.source = source;
    this.env = env;
    for (ConfigEntry entry : entries) {
      add(entry);
    }
    collectRedacted(top);
    named.values().forEach(this::collectRedacted);
  }

  /** The named subscriptions, in order of first appearance. */
  List<String> names() {
    return List.copyOf(named.keySet());
  }

  /**
   * Builds the top-level subscription (name null) or a named one, which inherits every top-level
   * value.
   */
  SubscriptionConfig build(String name) {
    Level own = top;
    if (name != null) {
      own = named.get(name);
      if (own == null) {
        throw new ConfigurationException(
            ConfigKey.SUBSCRIPTIONS_PREFIX + name,
            source
                + ": no subscription named \""
                + name
                + "\" (keys "
                + ConfigKey.SUBSCRIPTIONS_PREFIX
                + name
                + ".*); "
                + (named.isEmpty()
                    ? "there are no named subscriptions"
                    : "the subscriptions are: " + String.join(", ", named.keySet())));
      }
    }
    Level mine = own;
    Function<ConfigKey, ConfigEntry> effective =
        key -> mine.values.containsKey(key) ? mine.values.get(key) : top.values.get(key);
    ConfigDraft draft = new ConfigDraft(name == null ? SubscriptionConfig.DEFAULT_NAME : name);
    for (ConfigKey key : ConfigKey.values()) {
      if (key == ConfigKey.HEADERS) {
        top.headers.forEach((header, entry) -> bind(draft, key, header, entry));
        if (mine != top) {
          mine.headers.forEach((header, entry) -> bind(draft, key, header, entry));
        }
      } else if (key == ConfigKey.REDACT && mine != top) {
        bindIfSet(draft, key, top.values.get(key));
        bindIfSet(draft, key, mine.values.get(key));
      } else {
        bindIfSet(draft, key, effective.apply(key));
      }
    }
    finish(
        draft::finishReconnect,
        effective,
        ConfigKey.RECONNECT_MAX_DELAY,
        ConfigKey.RECONNECT_INITIAL_DELAY);
    finish(
        draft::finishOrdering,
        effective,
        ConfigKey.ORDERING,
        ConfigKey.ORDERING_WINDOW,
        ConfigKey.ORDERING_BUFFER_LIMIT,
        ConfigKey.ORDERING_GAP_TIMEOUT);
    finish(
        draft::finishShortPoll,
        effective,
        ConfigKey.SHORTPOLL_MIN_INTERVAL,
        ConfigKey.SHORTPOLL_MAX_INTERVAL);
    try {
      return draft.build();
    } catch (IllegalStateException e) {
      throw new ConfigurationException(
          ConfigKey.URL.key(),
          source
              + ": "
              + ConfigKey.URL.key()
              + " is required"
              + (name == null
                  ? ""
                  : " (or "
                      + ConfigKey.SUBSCRIPTIONS_PREFIX
                      + name
                      + "."
                      + ConfigKey.URL.suffix()
                      + ")"));
    }
  }

  private void add(ConfigEntry entry) {
    String rest = entry.key().substring(ConfigKey.PREFIX.length());
    Level level = top;
    String levelPrefix = ConfigKey.PREFIX;
    if (entry.key().startsWith(ConfigKey.SUBSCRIPTIONS_PREFIX)) {
      String afterPrefix = entry.key().substring(ConfigKey.SUBSCRIPTIONS_PREFIX.length());
      int dot = afterPrefix.indexOf('.');
      if (dot <= 0) {
        throw unknownKey(entry);
      }
      String name = afterPrefix.substring(0, dot);
      rest = afterPrefix.substring(dot + 1);
      levelPrefix = ConfigKey.SUBSCRIPTIONS_PREFIX + name + ".";
      level = named.computeIfAbsent(name, n -> new Level());
    }
    if (rest.startsWith(ConfigKey.HEADERS.suffix())
        && rest.length() > ConfigKey.HEADERS.suffix().length()) {
      String header = rest.substring(ConfigKey.HEADERS.suffix().length());
      if (!ConfigValues.isHeaderName(header)) {
        throw new ConfigurationException(
            entry.key(),
            entry.source()
                + ": "
                + entry.key()
                + " does not name a valid header; expected a header name of letters, digits and"
                + " !#$%&'*+-.^_`|~ after "
                + levelPrefix
                + ConfigKey.HEADERS.suffix());
      }
      level.headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(header));
      level.headers.put(header, entry);
      return;
    }
    ConfigKey key = ConfigKey.bySuffix(rest);
    if (key == null) {
      throw unknownKey(entry);
    }
    level.values.put(key, entry);
  }

  private ConfigurationException unknownKey(ConfigEntry entry) {
    String suggestion = suggest(entry.key());
    return new ConfigurationException(
        entry.key(),
        entry.source()
            + ": unknown key "
            + entry.key()
            + (suggestion != null
                ? "; did you mean " + suggestion + "?"
                : "; known keys are "
                    + String.join(", ", ConfigKey.knownKeys())
                    + ", and any of them as "
                    + ConfigKey.SUBSCRIPTIONS_PREFIX
                    + "<name>.<key> for a named subscription"));
  }

  /** The nearest known key to an unknown one, or null. */
  static String suggest(String unknownKey) {
    String rest = unknownKey.substring(ConfigKey.PREFIX.length());
    String levelPrefix = ConfigKey.PREFIX;
    if (unknownKey.startsWith(ConfigKey.SUBSCRIPTIONS_PREFIX)) {
      String afterPrefix = unknownKey.substring(ConfigKey.SUBSCRIPTIONS_PREFIX.length());
      int dot = afterPrefix.indexOf('.');
      if (dot <= 0) {
        return null;
      }
      levelPrefix = ConfigKey.SUBSCRIPTIONS_PREFIX + afterPrefix.substring(0, dot + 1);
      rest = afterPrefix.substring(dot + 1);
    }
    String suffix = ConfigKey.suggest(rest);
    if (suffix != null) {
      return levelPrefix + suffix;
    }
    // A misspelt "subscriptions": tidings.subscription.prices.url.
    int dot = rest.indexOf('.');
    String subscriptions = ConfigKey.SUBSCRIPTIONS_PREFIX.substring(ConfigKey.PREFIX.length());
    if (levelPrefix.equals(ConfigKey.PREFIX) && dot > 0) {
      String first = rest.substring(0, dot + 1).toLowerCase(Locale.ROOT);
      String tail = rest.substring(dot + 1);
      int nameEnd = tail.indexOf('.');
      if (ConfigKey.distance(first, subscriptions) <= 3 && nameEnd > 0) {
        String tailSuffix = tail.substring(nameEnd + 1);
        String known =
            ConfigKey.bySuffix(tailSuffix) != null ? tailSuffix : ConfigKey.suggest(tailSuffix);
        if (known != null) {
          return ConfigKey.SUBSCRIPTIONS_PREFIX + tail.substring(0, nameEnd + 1) + known;
        }
      }
    }
    return null;
  }

  private void bindIfSet(ConfigDraft draft, ConfigKey key, ConfigEntry entry) {
    if (entry != null) {
      bind(draft, key, null, entry);
    }
  }

  private void bind(ConfigDraft draft, ConfigKey key, String header, ConfigEntry entry) {
    String value = substitute(entry);
    try {
      key.bind(draft, header, value);
    } catch (ConfigValueException e) {
      throw new ConfigurationException(
          entry.key(), entry.source() + ": " + shown(entry) + " " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          entry.key(), entry.source() + ": " + shown(entry) + " is invalid: " + e.getMessage(), e);
    }
  }

  /** Runs a finishing step, turning the builder's complaint into one naming the keys involved. */
  private void finish(
      Runnable step, Function<ConfigKey, ConfigEntry> effective, ConfigKey... keys) {
    try {
      step.run();
    } catch (IllegalArgumentException e) {
      ConfigEntry first = null;
      List<String> parts = new ArrayList<>();
      for (ConfigKey key : keys) {
        ConfigEntry entry = effective.apply(key);
        if (entry == null) {
          parts.add(
              key.key()
                  + (key.defaultValue().startsWith("(")
                      ? " (not set)"
                      : " (default " + key.defaultValue() + ")"));
        } else {
          if (first == null) {
            first = entry;
          }
          parts.add(
              shown(entry)
                  + (entry.source().equals(first.source())
                      ? ""
                      : " (from " + entry.source() + ")"));
        }
      }
      throw new ConfigurationException(
          first == null ? keys[0].key() : first.key(),
          (first == null ? source : first.source())
              + ": "
              + String.join(" and ", parts)
              + " are inconsistent: "
              + e.getMessage(),
          e);
    }
  }

  /** {@code key=value} for messages: secrets redacted, URLs without user-info and query. */
  private String shown(ConfigEntry entry) {
    return entry.key() + "=" + displayValue(entry);
  }

  private String displayValue(ConfigEntry entry) {
    String header = headerOf(entry.key());
    if (header != null && redacted.contains(header.toLowerCase(Locale.ROOT))) {
      return REDACTED;
    }
    boolean url = header == null && entry.key().endsWith("." + ConfigKey.URL.suffix());
    String raw = url ? ConfigLoader.displayUrl(entry.value()) : entry.value();
    String value = url ? ConfigLoader.displayUrl(substitute(entry)) : substitute(entry);
    String quoted = value.isEmpty() ? "\"\"" : value;
    return value.equals(raw) ? quoted : quoted + " (from " + raw + ")";
  }

  /** The header a key sets, or null when it is not a header key. */
  private static String headerOf(String key) {
    String rest = key.substring(ConfigKey.PREFIX.length());
    if (key.startsWith(ConfigKey.SUBSCRIPTIONS_PREFIX)) {
      String afterPrefix = key.substring(ConfigKey.SUBSCRIPTIONS_PREFIX.length());
      rest = afterPrefix.substring(afterPrefix.indexOf('.') + 1);
    }
    return rest.startsWith(ConfigKey.HEADERS.suffix())
        ? rest.substring(ConfigKey.HEADERS.suffix().length())
        : null;
  }

  /** Replaces each {@code ${env:NAME}}; the only substitution there is. */
  private String substitute(ConfigEntry entry) {
    String v = entry.value();
    int start = v.indexOf(ENV_START);
    if (start < 0) {
      return v;
    }
    StringBuilder sb = new StringBuilder();
    int from = 0;
    while (start >= 0) {
      int end = v.indexOf('}', start);
      if (end < 0) {
        throw new ConfigurationException(
            entry.key(),
            entry.source()
                + ": "
                + entry.key()
                + " has an unterminated "
                + ENV_START
                + " reference; expected ${env:NAME}");
      }
      String variable = v.substring(start + ENV_START.length(), end).trim();
      if (variable.isEmpty()) {
        throw new ConfigurationException(
            entry.key(),
            entry.source()
                + ": "
                + entry.key()
                + " has an empty ${env:} reference; expected ${env:NAME}");
      }
      String replacement = env.get(variable);
      if (replacement == null) {
        throw new ConfigurationException(
            entry.key(),
            entry.source()
                + ": "
                + entry.key()
                + " refers to environment variable "
                + variable
                + ", which is not set");
      }
      sb.append(v, from, start).append(replacement);
      from = end + 1;
      start = v.indexOf(ENV_START, from);
    }
    return sb.append(v, from, v.length()).toString();
  }

  /** Adds a level's {@code redact} names (substituted when possible) to the redacted set. */
  private void collectRedacted(Level level) {
    ConfigEntry entry = level.values.get(ConfigKey.REDACT);
    if (entry == null) {
      return;
    }
    List<String> values = new ArrayList<>(List.of(entry.value()));
    try {
      values.add(substitute(entry));
    } catch (ConfigurationException e) {
      // Reported when the key is bound; meanwhile redact what is written.
    }
    for (String value : values) {
      for (String name : value.split(",", -1)) {
        if (!name.isBlank()) {
          redacted.add(name.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
  }

  /** The entries of the top level or of one named subscription. */
  private static final class Level {
    final Map<ConfigKey, ConfigEntry> values = new EnumMap<>(ConfigKey.class);
    final Map<String, ConfigEntry> headers = new LinkedHashMap<>();
  }
}
