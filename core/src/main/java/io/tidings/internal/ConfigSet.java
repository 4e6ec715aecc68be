package io.tidings.internal;

import static io.tidings.internal.CoreKeys.SUBSCRIPTIONS_PREFIX;
import static io.tidings.spi.ConfigOption.PREFIX;

import io.tidings.ConfigurationException;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.TransportProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The merged {@code tidings.*} entries of one load (file, then environment, then system
 * properties), checked against the keys of core and of the transports found, and grouped into the
 * top level and the named subscriptions; builds {@link SubscriptionConfig}s from them. Every
 * problem is a {@link ConfigurationException} naming the source, key, value (redacted for secret
 * headers, without user-info and query for URLs) and what was expected. Not thread-safe; one per
 * load.
 */
public final class ConfigSet {
  /** Shown instead of a secret. */
  static final String REDACTED = "██";

  private static final String ENV_START = "${env:";

  private final String source;
  private final Map<String, String> env;
  private final TransportRegistry registry;
  private final Map<String, ConfigOption<?>> keys;
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
  ConfigSet(
      String source,
      Iterable<ConfigEntry> entries,
      Map<String, String> env,
      TransportRegistry registry) {
    this.source = source;
    this.env = env;
    this.registry = registry;
    this.keys = keys(registry);
    for (ConfigEntry entry : entries) {
      add(entry);
    }
    collectRedacted(top);
    named.values().forEach(this::collectRedacted);
  }

  /** Every option by name: core's in order, then the transports'. */
  static Map<String, ConfigOption<?>> keys(TransportRegistry registry) {
    Map<String, ConfigOption<?>> keys = new LinkedHashMap<>();
    CoreKeys.ALL.forEach(o -> keys.put(o.name(), o));
    for (ConfigOption<?> o : registry.options()) {
      ConfigOption<?> previous = keys.putIfAbsent(o.name(), o);
      if (previous != null && previous != o) {
        throw new ConfigurationException(
            o.key(), "Two declarations of " + o.key() + ": a transport declares a core key");
      }
    }
    return keys;
  }

  /** The named subscriptions, in order of first appearance. */
  public List<String> names() {
    return List.copyOf(named.keySet());
  }

  /** Every named subscription, by name, in order of first appearance. Unmodifiable. */
  public Map<String, SubscriptionConfig> buildAll() {
    Map<String, SubscriptionConfig> all = new LinkedHashMap<>();
    names().forEach(name -> all.put(name, build(name)));
    return java.util.Collections.unmodifiableMap(all);
  }

  /**
   * Builds the top-level subscription (name null) or a named one, which inherits every top-level
   * value.
   */
  public SubscriptionConfig build(String name) {
    Level own = top;
    if (name != null) {
      own = named.get(name);
      if (own == null) {
        throw new ConfigurationException(
            SUBSCRIPTIONS_PREFIX + name,
            source
                + ": no subscription named \""
                + name
                + "\" (keys "
                + SUBSCRIPTIONS_PREFIX
                + name
                + ".*); "
                + (named.isEmpty()
                    ? "there are no named subscriptions"
                    : "the subscriptions are: " + String.join(", ", named.keySet())));
      }
    }
    Level mine = own;
    Values v = new Values(mine);
    keys.values().forEach(v::get);
    SubscriptionConfig.Builder b =
        SubscriptionConfig.builder().name(name == null ? SubscriptionConfig.DEFAULT_NAME : name);
    v.set(CoreKeys.TRANSPORT, b::transports);
    checkTransports(v.entry(CoreKeys.TRANSPORT), v.get(CoreKeys.TRANSPORT));
    v.set(CoreKeys.URL, b::url);
    Map<String, String> headers = new LinkedHashMap<>();
    Set<String> redact = new TreeSet<>();
    for (Level level : mine == top ? List.of(top) : List.of(top, mine)) {
      level.headers.forEach(
          (header, entry) -> {
            String value = parse(entry, ConfigValues::headerValue);
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(header));
            headers.put(header, value);
          });
      ConfigEntry r = level.values.get(CoreKeys.REDACT);
      if (r != null) {
        redact.addAll(parse(r, CoreKeys.REDACT::parse));
      }
    }
    b.headers(headers).redactedHeaders(redact);
    for (ConfigOption<?> o : keys.values()) {
      if (CoreKeys.stored(o)) {
        v.setOption(o, b);
      }
    }
    ReconnectPolicy.Builder r = ReconnectPolicy.exponentialBackoff();
    v.set(CoreKeys.RECONNECT_INITIAL_DELAY, r::initialDelay);
    v.set(CoreKeys.RECONNECT_MAX_DELAY, r::maxDelay);
    v.set(CoreKeys.RECONNECT_MULTIPLIER, r::multiplier);
    v.set(CoreKeys.RECONNECT_JITTER, r::jitter);
    v.set(CoreKeys.RECONNECT_MAX_ATTEMPTS, r::maxAttempts);
    v.set(CoreKeys.RECONNECT_MAX_ELAPSED, r::maxElapsed);
    v.set(CoreKeys.RECONNECT_RESET_AFTER, r::resetAfter);
    v.set(CoreKeys.RECONNECT_MAX_SERVER_DELAY, r::maxServerDelay);
    v.set(CoreKeys.RECONNECT_FATAL_STATUSES, r::fatalStatuses);
    v.finish(
        () -> b.reconnectPolicy(r.build()),
        List.of(CoreKeys.RECONNECT_MAX_DELAY, CoreKeys.RECONNECT_INITIAL_DELAY));
    v.finish(
        () -> b.orderingPolicy(ordering(v)),
        List.of(
            CoreKeys.ORDERING,
            CoreKeys.ORDERING_WINDOW,
            CoreKeys.ORDERING_BUFFER_LIMIT,
            CoreKeys.ORDERING_GAP_TIMEOUT));
    SubscriptionConfig config;
    try {
      config = b.build();
    } catch (IllegalStateException e) {
      throw new ConfigurationException(
          CoreKeys.URL.key(),
          source
              + ": "
              + CoreKeys.URL.key()
              + " is required"
              + (name == null ? "" : " (or " + SUBSCRIPTIONS_PREFIX + name + ".url)"));
    }
    for (TransportProvider p : registry.providers()) {
      if (p.options().isEmpty()) {
        continue;
      }
      List<ConfigOption<?>> involved = new ArrayList<>();
      for (ConfigOption<?> o : p.options()) {
        if (v.entry(o) != null || o.defaultValue() == null) {
          involved.add(o);
        }
      }
      v.finish(() -> p.checkOptions(config), involved);
    }
    return config;
  }

  /**
   * A transport that is not on the class path fails the load (not only {@code subscribe()}).
   * Nothing is said when the key is not set.
   */
  private void checkTransports(ConfigEntry entry, List<String> names) {
    if (entry == null) {
      return;
    }
    String problem = registry.problem(names);
    if (problem != null) {
      throw new ConfigurationException(
          entry.key(), entry.source() + ": " + shown(entry) + ": " + problem);
    }
  }

  /**
   * The ordering policy: {@code window} applies to deduplicate (the default mode), {@code
   * buffer-limit} and {@code gap-timeout} to ordered; the others are ignored so a named
   * subscription can switch modes without unsetting what it inherited.
   */
  private static OrderingPolicy ordering(Values v) {
    switch (v.get(CoreKeys.ORDERING)) {
      case AS_RECEIVED:
        return OrderingPolicy.asReceived();
      case ORDERED:
        return OrderingPolicy.ordered(
            v.get(CoreKeys.ORDERING_BUFFER_LIMIT), v.get(CoreKeys.ORDERING_GAP_TIMEOUT));
      default:
        return OrderingPolicy.deduplicate(v.get(CoreKeys.ORDERING_WINDOW));
    }
  }

  /**
   * Splits a key into its level's prefix ({@code tidings.} or {@code tidings.subscriptions.NAME.})
   * and the rest; null for a {@code tidings.subscriptions.} key without a name.
   */
  static String[] split(String key) {
    if (!key.startsWith(SUBSCRIPTIONS_PREFIX)) {
      return new String[] {PREFIX, key.substring(PREFIX.length())};
    }
    int dot = key.indexOf('.', SUBSCRIPTIONS_PREFIX.length());
    return dot <= SUBSCRIPTIONS_PREFIX.length()
        ? null
        : new String[] {key.substring(0, dot + 1), key.substring(dot + 1)};
  }

  /** The subscription a key's level prefix names, or null for the top level. */
  static String nameOf(String levelPrefix) {
    return levelPrefix.equals(PREFIX)
        ? null
        : levelPrefix.substring(SUBSCRIPTIONS_PREFIX.length(), levelPrefix.length() - 1);
  }

  private void add(ConfigEntry entry) {
    String[] parts = split(entry.key());
    if (parts == null) {
      throw unknownKey(entry);
    }
    String levelPrefix = parts[0];
    String rest = parts[1];
    String name = nameOf(levelPrefix);
    Level level = name == null ? top : named.computeIfAbsent(name, n -> new Level());
    if (rest.startsWith(CoreKeys.HEADERS) && rest.length() > CoreKeys.HEADERS.length()) {
      String header = rest.substring(CoreKeys.HEADERS.length());
      if (!ConfigValues.isHeaderName(header)) {
        throw new ConfigurationException(
            entry.key(),
            entry.source()
                + ": "
                + entry.key()
                + " does not name a valid header; expected a header name of letters, digits and"
                + " !#$%&'*+-.^_`|~ after "
                + levelPrefix
                + CoreKeys.HEADERS);
      }
      level.headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(header));
      level.headers.put(header, entry);
      return;
    }
    ConfigOption<?> key = keys.get(rest);
    if (key == null) {
      throw unknownKey(entry);
    }
    level.values.put(key, entry);
  }

  private ConfigurationException unknownKey(ConfigEntry entry) {
    String suggestion = suggest(entry.key());
    String rest = entry.key().substring(PREFIX.length());
    int dot = rest.indexOf('.');
    String group = dot > 0 ? rest.substring(0, dot + 1) : null;
    String detail;
    if (suggestion != null) {
      detail = "; did you mean " + suggestion + "?";
    } else if (group != null
        && !entry.key().startsWith(SUBSCRIPTIONS_PREFIX)
        && keys.keySet().stream().noneMatch(k -> k.startsWith(group))
        && !group.equals(CoreKeys.HEADERS)) {
      detail =
          "; no transport on the class path declares keys "
              + PREFIX
              + group
              + "* (transports found: "
              + (registry.names().isEmpty() ? "none" : String.join(", ", registry.names()))
              + ")";
    } else {
      List<String> known = new ArrayList<>();
      keys.values().forEach(o -> known.add(o.key()));
      known.add(
          known.indexOf(CoreKeys.REDACT.key()) + 1, PREFIX + CoreKeys.HEADERS + "<Header-Name>");
      detail =
          "; known keys are "
              + String.join(", ", known)
              + ", and any of them as "
              + SUBSCRIPTIONS_PREFIX
              + "<name>.<key> for a named subscription";
    }
    return new ConfigurationException(
        entry.key(), entry.source() + ": unknown key " + entry.key() + detail);
  }

  /** The nearest known key to an unknown one, or null. */
  String suggest(String unknownKey) {
    String[] parts = split(unknownKey);
    if (parts == null) {
      return null;
    }
    String levelPrefix = parts[0];
    String rest = parts[1];
    String suffix = suggestName(rest);
    if (suffix != null) {
      return levelPrefix + suffix;
    }
    // A misspelt "subscriptions": tidings.subscription.prices.url.
    int dot = rest.indexOf('.');
    String subscriptions = SUBSCRIPTIONS_PREFIX.substring(PREFIX.length());
    if (levelPrefix.equals(PREFIX) && dot > 0) {
      String first = rest.substring(0, dot + 1).toLowerCase(Locale.ROOT);
      String tail = rest.substring(dot + 1);
      int nameEnd = tail.indexOf('.');
      if (distance(first, subscriptions) <= 3 && nameEnd > 0) {
        String tailSuffix = tail.substring(nameEnd + 1);
        String known = keys.containsKey(tailSuffix) ? tailSuffix : suggestName(tailSuffix);
        if (known != null) {
          return SUBSCRIPTIONS_PREFIX + tail.substring(0, nameEnd + 1) + known;
        }
      }
    }
    return null;
  }

  /**
   * The nearest key name to an unknown one (case-insensitive edit distance, or a known name it
   * begins), or null when none is close.
   */
  String suggestName(String unknown) {
    String lower = unknown.toLowerCase(Locale.ROOT);
    List<String> candidates = new ArrayList<>(keys.keySet());
    int dot = unknown.indexOf('.');
    if (dot > 0 && dot < unknown.length() - 1) {
      candidates.add(CoreKeys.HEADERS + unknown.substring(dot + 1));
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (bestDistance <= Math.max(2, unknown.length() / 4)) {
      return best;
    }
    // A truncated key: websocket.ping for websocket.ping-interval.
    String shortest = null;
    for (String candidate : keys.keySet()) {
      if (lower.length() >= 4
          && candidate.startsWith(lower)
          && (shortest == null || candidate.length() < shortest.length())) {
        shortest = candidate;
      }
    }
    return shortest;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Substitutes and parses an entry, the parser's complaint naming the entry. */
  private <T> T parse(ConfigEntry entry, ConfigOption.Parser<T> parser) {
    String value = substitute(entry);
    try {
      return parser.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          entry.key(), entry.source() + ": " + shown(entry) + " " + e.getMessage());
    }
  }

  /** {@code key=value} for messages: secrets redacted, URLs without user-info and query. */
  private String shown(ConfigEntry entry) {
    return entry.key() + "=" + displayValue(entry);
  }

  private String displayValue(ConfigEntry entry) {
    String header = headerOf(entry.key());
    if ((header != null && redacted.contains(header.toLowerCase(Locale.ROOT)))
        || (header == null && entry.key().endsWith("-password"))) {
      return REDACTED;
    }
    boolean url =
        header == null
            && (entry.key().endsWith("." + CoreKeys.URL.name())
                || entry.key().endsWith("." + CoreKeys.PROXY.name()));
    String raw = url ? ConfigLoader.displayUrl(entry.value()) : entry.value();
    String value = url ? ConfigLoader.displayUrl(substitute(entry)) : substitute(entry);
    String quoted = value.isEmpty() ? "\"\"" : value;
    return value.equals(raw) ? quoted : quoted + " (from " + raw + ")";
  }

  /** The header a key sets, or null when it is not a header key. */
  private static String headerOf(String key) {
    String[] parts = split(key);
    return parts != null && parts[1].startsWith(CoreKeys.HEADERS)
        ? parts[1].substring(CoreKeys.HEADERS.length())
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
      String problem = null;
      String variable = end < 0 ? "" : v.substring(start + ENV_START.length(), end).trim();
      if (end < 0) {
        problem = " has an unterminated " + ENV_START + " reference; expected ${env:NAME}";
      } else if (variable.isEmpty()) {
        problem = " has an empty ${env:} reference; expected ${env:NAME}";
      } else if (env.get(variable) == null) {
        problem = " refers to environment variable " + variable + ", which is not set";
      }
      if (problem != null) {
        throw new ConfigurationException(
            entry.key(), entry.source() + ": " + entry.key() + problem);
      }
      sb.append(v, from, start).append(env.get(variable));
      from = end + 1;
      start = v.indexOf(ENV_START, from);
    }
    return sb.append(v, from, v.length()).toString();
  }

  /** Adds a level's {@code redact} names (substituted when possible) to the redacted set. */
  private void collectRedacted(Level level) {
    ConfigEntry entry = level.values.get(CoreKeys.REDACT);
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
    final Map<ConfigOption<?>, ConfigEntry> values = new HashMap<>();
    final Map<String, ConfigEntry> headers = new LinkedHashMap<>();
  }

  /** One subscription's effective entries (its own, else the top level's), parsed once each. */
  private final class Values {
    private final Level mine;
    private final Map<ConfigOption<?>, Object> parsed = new HashMap<>();

    Values(Level mine) {
      this.mine = mine;
    }

    ConfigEntry entry(ConfigOption<?> o) {
      ConfigEntry own = mine.values.get(o);
      return own != null ? own : top.values.get(o);
    }

    /** The parsed value, or the default when not set. */
    @SuppressWarnings("unchecked")
    <T> T get(ConfigOption<T> o) {
      ConfigEntry e = entry(o);
      if (e == null) {
        return o.defaultValue();
      }
      if (!parsed.containsKey(o)) {
        parsed.put(o, parse(e, o::parse));
      }
      return (T) parsed.get(o);
    }

    /** Hands the value to a setter when set; the setter's complaint names the entry. */
    <T> void set(ConfigOption<T> o, Consumer<T> setter) {
      ConfigEntry e = entry(o);
      if (e != null) {
        T value = get(o);
        try {
          setter.accept(value);
        } catch (IllegalArgumentException ex) {
          throw new ConfigurationException(
              e.key(), e.source() + ": " + shown(e) + " is invalid: " + ex.getMessage(), ex);
        }
      }
    }

    <T> void setOption(ConfigOption<T> o, SubscriptionConfig.Builder b) {
      set(o, value -> b.option(o, value));
    }

    /** Runs a step that checks several keys together; its complaint names them. */
    void finish(Runnable step, List<ConfigOption<?>> involved) {
      try {
        step.run();
      } catch (IllegalArgumentException e) {
        ConfigEntry first = null;
        List<String> parts = new ArrayList<>();
        for (ConfigOption<?> o : involved) {
          ConfigEntry entry = entry(o);
          if (entry == null) {
            parts.add(
                o.key()
                    + (o.defaultText().startsWith("(")
                        ? " (not set)"
                        : " (default " + o.defaultText() + ")"));
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
            first == null ? involved.get(0).key() : first.key(),
            (first == null ? source : first.source())
                + ": "
                + String.join(" and ", parts)
                + " are inconsistent: "
                + e.getMessage(),
            e);
      }
    }
  }
}
