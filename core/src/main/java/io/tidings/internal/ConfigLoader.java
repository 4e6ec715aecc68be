package io.tidings.internal;

import io.tidings.ConfigurationException;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.ConfigOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link SubscriptionConfig}s from properties (the keys are core's, {@link CoreKeys}, and
 * those the transports found declare), with overrides. Immutable and thread-safe; each call reads
 * its sources afresh.
 *
 * <p><b>Sources, weakest first.</b> The file (or resource, or {@link Properties}); then environment
 * variables; then system properties. Only keys starting with {@code tidings.} are read from any of
 * them; other keys are ignored. An environment variable's name is the key upper-cased with {@code
 * .} and {@code -} replaced by {@code _}: {@code TIDINGS_RECONNECT_MAX_DELAY} overrides {@code
 * tidings.reconnect.max-delay}, {@code TIDINGS_SUBSCRIPTIONS_PRICES_URL} overrides {@code
 * tidings.subscriptions.prices.url}. Environment variables can override every key but headers
 * ({@code tidings.headers.*}, whose names do not survive the mapping), and reach named
 * subscriptions that the file or the system properties mention, or that is being loaded; system
 * properties can override every key, headers included. A {@code TIDINGS_*} variable that overrides
 * nothing is ignored with a warning (once per JVM, with the nearest variable that would); an
 * unknown {@code tidings.*} key in the file or the system properties is an error.
 *
 * <p><b>Named subscriptions.</b> {@code tidings.subscriptions.NAME.KEY} sets {@code KEY} for
 * subscription {@code NAME}, which otherwise inherits every top-level value, whatever its source: a
 * named value beats a top-level one even when the top-level one comes from a stronger source.
 * Headers merge (a named header replaces the same-named top-level one, case-insensitively) and
 * {@code redact} lists add up.
 *
 * <p><b>Substitution.</b> {@code ${env:NAME}} anywhere in a value, from any source, is replaced by
 * environment variable {@code NAME}; a variable that is not set is an error. That is the only
 * substitution: other {@code ${...}} text, such as {@code ${lastEventId}} in {@code
 * tidings.websocket.resume-message}, is kept as written.
 *
 * <p><b>Errors.</b> Every problem is a {@link ConfigurationException} whose {@link
 * ConfigurationException#key()} is the key at fault and whose message names the source, the key,
 * the value and what was expected. The values of {@code Authorization}, {@code Cookie}, {@code
 * Proxy-Authorization} and headers listed in {@code tidings.redact} are shown as {@code ██}; URLs
 * are shown without user-info and query; a missing environment variable is named, never valued.
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  private static final String ENV_PREFIX = "TIDINGS_";
  private static final Set<String> WARNED_VARIABLES = ConcurrentHashMap.newKeySet();

  private final Map<String, String> env;
  private final Properties systemProperties;
  private final TransportRegistry registry;

  /**
   * A loader reading overrides from the given environment and system properties, knowing the keys
   * of the transports on the class path.
   *
   * @param env environment variables, not null; copied
   * @param systemProperties system properties, not null; read on each load
   */
  public ConfigLoader(Map<String, String> env, Properties systemProperties) {
    this(env, systemProperties, TransportRegistry.global());
  }

  /** A loader knowing the keys of the given transports (for tests). */
  public ConfigLoader(
      Map<String, String> env, Properties systemProperties, TransportRegistry registry) {
    this.env = Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(env, "env")));
    this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** A loader reading overrides from the real environment and system properties. */
  public static ConfigLoader system() {
    return new ConfigLoader(System.getenv(), System.getProperties());
  }

  /**
   * Loads the top-level subscription (name null) or a named one from a UTF-8 properties file.
   *
   * @throws ConfigurationException when the file cannot be read or a value is bad
   */
  public SubscriptionConfig load(Path file, String name) {
    return merge(readFile(file), file.toString(), name).build(name);
  }

  /** Loads every named subscription of a file, by name, in order of first appearance. */
  public Map<String, SubscriptionConfig> loadAll(Path file) {
    return merge(readFile(file), file.toString(), null).buildAll();
  }

  /**
   * Loads a subscription from a class-path resource (UTF-8), found through the thread's context
   * class loader, else this class's.
   */
  public SubscriptionConfig fromClasspath(String resource, String name) {
    String path = Objects.requireNonNull(resource, "resource");
    path = path.startsWith("/") ? path.substring(1) : path;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ConfigLoader.class.getClassLoader();
    }
    String source = "classpath:" + path;
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new ConfigurationException(null, "class-path resource " + path + " not found");
      }
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder());
      return merge(read(reader, source), source, name).build(name);
    } catch (IOException e) {
      throw unreadable(source, e);
    }
  }

  /**
   * Reads a subscription from properties, then applies the overrides. Named subscriptions are
   * ordered by name, since {@link Properties} keeps no order.
   *
   * @param source how to name the properties in errors, e.g. {@code properties}
   */
  public SubscriptionConfig fromProperties(Properties properties, String name, String source) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      entries.put(key, properties.getProperty(key));
    }
    return merge(entries, source, name).build(name);
  }

  /**
   * Reads every subscription from values that each name their own origin (a framework's
   * environment, say), then applies the overrides, exactly as for a file.
   *
   * @param values full {@code tidings.*} keys to values, weakest first: a later key's value is used
   *     as written (only {@code tidings.*} keys are read)
   * @param origins the origin of each value, named in errors; a key without one is named {@code
   *     source}
   * @param source how to name the values as a whole in errors, e.g. {@code Spring environment}
   * @return the checked values, from which to build the top-level or a named subscription
   */
  public ConfigSet fromValues(
      Map<String, String> values, Map<String, String> origins, String source) {
    List<ConfigEntry> entries = new ArrayList<>();
    values.forEach(
        (key, value) ->
            entries.add(
                new ConfigEntry(
                    Objects.requireNonNull(key, "key"),
                    Objects.requireNonNull(value, () -> "value of " + key),
                    origins.getOrDefault(key, source))));
    return mergeEntries(entries, source, null);
  }

  /** The URL without user info, query and fragment, safe to show. */
  public static String displayUrl(URI url) {
    if (url == null) {
      return "null";
    }
    if (url.getScheme() == null || url.getHost() == null) {
      return strip(url.toString());
    }
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  /** A URL as written, without user info, query and fragment, safe to show even if malformed. */
  static String displayUrl(String url) {
    try {
      return displayUrl(new URI(url.trim()));
    } catch (URISyntaxException e) {
      return strip(url.trim());
    }
  }

  /** Cuts query, fragment and user-info out of text that may not parse as a URI. */
  private static String strip(String url) {
    String s = url;
    int cut = indexOfAny(s, '?', '#');
    if (cut >= 0) {
      s = s.substring(0, cut);
    }
    int authority = s.indexOf("//");
    int from = authority < 0 ? 0 : authority + 2;
    int pathStart = s.indexOf('/', from);
    int at = s.lastIndexOf('@', pathStart < 0 ? s.length() - 1 : pathStart);
    if (at >= from) {
      s = s.substring(0, from) + s.substring(at + 1);
    }
    return s;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** The file's entries, then environment variables, then system properties. */
  private ConfigSet merge(Map<String, String> base, String source, String requestedName) {
    List<ConfigEntry> list = new ArrayList<>();
    base.forEach((key, value) -> list.add(new ConfigEntry(key, value, source)));
    return mergeEntries(list, source, requestedName);
  }

  /** The base entries (later ones win), then environment variables, then system properties. */
  private ConfigSet mergeEntries(List<ConfigEntry> base, String source, String requestedName) {
    Map<String, ConfigEntry> entries = new LinkedHashMap<>();
    for (ConfigEntry entry : base) {
      if (entry.key().startsWith(ConfigOption.PREFIX)) {
        entries.put(entry.key(), entry);
      }
    }
    Map<String, String> sysprops = new LinkedHashMap<>();
    for (String key : new TreeSet<>(systemProperties.stringPropertyNames())) {
      if (key.startsWith(ConfigOption.PREFIX)) {
        sysprops.put(key, systemProperties.getProperty(key));
      }
    }
    Set<String> names = new LinkedHashSet<>();
    entries.keySet().forEach(key -> addName(key, names));
    sysprops.keySet().forEach(key -> addName(key, names));
    if (requestedName != null) {
      names.add(requestedName);
    }
    Set<String> known = new LinkedHashSet<>();
    for (String key : environmentKeys(names, ConfigSet.keys(registry).keySet())) {
      String variable = environmentName(key);
      known.add(variable);
      String value = env.get(variable);
      if (value != null) {
        LOG.debug("{} overridden by environment variable {}", key, variable);
        entries.put(key, new ConfigEntry(key, value, "environment variable " + variable));
      }
    }
    warnAboutUnknownVariables(known);
    sysprops.forEach(
        (key, value) -> {
          LOG.debug("{} overridden by a system property", key);
          entries.put(key, new ConfigEntry(key, value, "system property"));
        });
    return new ConfigSet(source, entries.values(), env, registry);
  }

  /**
   * Warns once per JVM about each {@code TIDINGS_*} variable that overrides nothing: a typo there
   * would otherwise go unnoticed, while the same typo as a system property fails the load.
   */
  private void warnAboutUnknownVariables(Set<String> known) {
    for (String variable : new TreeSet<>(env.keySet())) {
      if (!variable.startsWith(ENV_PREFIX) || known.contains(variable)) {
        continue;
      }
      if (!WARNED_VARIABLES.add(variable)) {
        continue;
      }
      String why;
      if (variable.startsWith(ENV_PREFIX + "HEADERS_")) {
        why =
            "headers cannot come from environment variables; use -Dtidings.headers.<Name>=... or"
                + " the file";
      } else {
        String nearest = nearestVariable(variable, known);
        why =
            nearest == null
                ? "no key maps to it (a named subscription's variables are read only for subscriptions"
                    + " the file or the system properties name)"
                : "did you mean " + nearest + "?";
      }
      LOG.warn(
          "Environment variable {} is not a Tidings setting and is ignored: {}", variable, why);
    }
  }

  private static String nearestVariable(String variable, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = ConfigSet.distance(variable, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= 2 ? best : null;
  }

  /** Every key an environment variable may override (all but headers), for these names. */
  private static List<String> environmentKeys(Set<String> names, Set<String> keyNames) {
    List<String> keys = new ArrayList<>();
    keyNames.forEach(k -> keys.add(ConfigOption.PREFIX + k));
    for (String name : names) {
      keyNames.forEach(k -> keys.add(CoreKeys.SUBSCRIPTIONS_PREFIX + name + "." + k));
    }
    return keys;
  }

  /** The environment variable overriding {@code key}: upper-cased, {@code .} and {@code -} as _. */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void addName(String key, Set<String> names) {
    String[] parts = ConfigSet.split(key);
    if (parts != null && ConfigSet.nameOf(parts[0]) != null) {
      names.add(ConfigSet.nameOf(parts[0]));
    }
  }

  private static Map<String, String> readFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new ConfigurationException(
          null, "configuration file " + file + " is a directory, not a properties file");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(null, "configuration file " + file + " does not exist", e);
    } catch (IOException e) {
      throw unreadable(file.toString(), e);
    }
  }

  private static Map<String, String> read(Reader reader, String source) throws IOException {
    OrderedProperties properties = new OrderedProperties();
    try {
      properties.load(reader);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          null,
          "configuration " + source + " is not a valid properties file: " + e.getMessage(),
          e);
    }
    return properties.entries;
  }

  private static ConfigurationException unreadable(String source, IOException e) {
    if (e instanceof CharacterCodingException) {
      return new ConfigurationException(
          null, "configuration " + source + " is not valid UTF-8; save it as UTF-8", e);
    }
    return new ConfigurationException(
        null,
        "cannot read configuration "
            + source
            + ": "
            + e.getClass().getSimpleName()
            + " "
            + e.getMessage(),
        e);
  }

  /** Properties that remember the order keys were loaded in. */
  private static final class OrderedProperties extends Properties {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial")
    final Map<String, String> entries = new LinkedHashMap<>();

    @Override
    public synchronized Object put(Object key, Object value) {
      entries.put(String.valueOf(key), String.valueOf(value));
      return super.put(key, value);
    }
  }
}
