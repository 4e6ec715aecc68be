package io.tidings;

import io.tidings.internal.ConfigLoader;
import io.tidings.internal.ConfigSet;
import io.tidings.spi.ConfigOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * {@code tidings.*} values that do not come from a properties file, such as a framework's
 * environment (the Spring Boot starter feeds its {@code Environment} through this), read by the
 * same loader as {@link SubscriptionConfig#load(java.nio.file.Path)}: the same keys, checks,
 * defaults, named subscriptions, {@code ${env:NAME}} substitution, environment-variable and
 * system-property overrides, and the same error messages, each naming the origin given with the
 * value. Immutable and thread-safe; each load reads the values afresh.
 *
 * <pre>{@code
 * ConfigSource source = ConfigSource.builder("my framework")
 *     .value("tidings.url", "https://example.com/feed", "app.conf line 3")
 *     .build();
 * SubscriptionConfig config = source.load();
 * }</pre>
 */
public final class ConfigSource {
  private final String description;
  private final Map<String, String> values;
  private final Map<String, String> origins;
  private final Map<String, String> environment;
  private final Properties systemProperties;

  private ConfigSource(Builder b) {
    this.description = b.description;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(b.origins));
    this.environment = b.environment;
    this.systemProperties = b.systemProperties;
  }

  /**
   * A builder; overrides come from {@link System#getenv()} and {@link System#getProperties()}
   * unless set.
   *
   * @param description names the values as a whole in errors, e.g. {@code Spring environment}; not
   *     null
   */
  public static Builder builder(String description) {
    return new Builder(description);
  }

  /** The values, full key to value as given (keys not starting with {@code tidings.} included). */
  public Map<String, String> values() {
    return values;
  }

  /**
   * The named subscriptions ({@code tidings.subscriptions.NAME.*}), in order of first appearance.
   *
   * @throws ConfigurationException for an unknown key or a bad header name
   */
  public List<String> names() {
    return loaded().names();
  }

  /**
   * The top-level subscription.
   *
   * @throws ConfigurationException naming the origin, key, value and what was expected
   */
  public SubscriptionConfig load() {
    return loaded().build(null);
  }

  /**
   * A named subscription, inheriting every top-level value.
   *
   * @throws ConfigurationException when there is no such subscription, or a value is bad
   */
  public SubscriptionConfig load(String name) {
    return loaded().build(Objects.requireNonNull(name, "name"));
  }

  /** Every named subscription, by name, in order of first appearance. */
  public Map<String, SubscriptionConfig> loadAll() {
    return loaded().buildAll();
  }

  private ConfigSet loaded() {
    return new ConfigLoader(environment, systemProperties).fromValues(values, origins, description);
  }

  @Override
  public String toString() {
    return "ConfigSource[" + description + ", " + values.size() + " values]";
  }

  /** Builds a {@link ConfigSource}. Not thread-safe. */
  public static final class Builder {
    private final String description;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private Map<String, String> environment = System.getenv();
    private Properties systemProperties = System.getProperties();

    private Builder(String description) {
      this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * Sets one value; setting a key again replaces its value and origin (so add the weakest source
     * first). Keys not starting with {@value ConfigOption#PREFIX} are ignored when loading.
     *
     * @param key the full key, e.g. {@code tidings.subscriptions.prices.url}; not null
     * @param value as written, before {@code ${env:NAME}} substitution; not null
     * @param origin where it came from, named in errors (e.g. {@code application.yml line 4}); null
     *     for the description
     */
    public Builder value(String key, String value, String origin) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, () -> "value of " + key);
      values.remove(key);
      values.put(key, value);
      origins.remove(key);
      if (origin != null) {
        origins.put(key, origin);
      }
      return this;
    }

    /**
     * The environment variables overriding the values and read by {@code ${env:NAME}}; default
     * {@link System#getenv()}. Copied.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * The system properties overriding the values (and the environment); default {@link
     * System#getProperties()}, read on each load.
     */
    public Builder systemProperties(Properties systemProperties) {
      this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
      return this;
    }

    /** The source. */
    public ConfigSource build() {
      return new ConfigSource(this);
    }
  }
}
