package io.tidings.spring.internal;

import io.tidings.ConfigSource;
import io.tidings.spi.ConfigOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code tidings.*} values of a Spring environment as a {@link ConfigSource}, so that core's
 * loader reads them like a properties file.
 *
 * <p>Every enumerable property source but the system properties and environment variables is read,
 * weakest first (a stronger source's value replaces a weaker one's); the system properties and
 * environment variables are given to the loader as its overrides, so they apply exactly as for a
 * file ({@code TIDINGS_SUBSCRIPTIONS_PRICES_URL}, {@code -Dtidings.transport=...}). Values are
 * taken as written: Spring's own {@code ${...}} placeholders are not resolved (core's {@code
 * ${env:NAME}} is). A YAML list ({@code key[0]}, {@code key[1]}, ...) becomes one comma-separated
 * value. Each value's origin (file and line when Spring knows it) is named in errors.
 */
public final class EnvironmentSource {
  /** Names the Spring environment in errors. */
  public static final String DESCRIPTION = "Spring environment";

  private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

  private EnvironmentSource() {}

  /** The environment's {@code tidings.*} values. */
  public static ConfigSource read(ConfigurableEnvironment environment) {
    ConfigSource.Builder b =
        ConfigSource.builder(DESCRIPTION)
            .environment(strings(environment.getSystemEnvironment()))
            .systemProperties(properties(environment.getSystemProperties()));
    List<PropertySource<?>> sources = new ArrayList<>();
    environment.getPropertySources().forEach(sources::add);
    Collections.reverse(sources);
    for (PropertySource<?> source : sources) {
      if (source instanceof EnumerablePropertySource<?> enumerable && !isOverride(source)) {
        add(enumerable, b);
      }
    }
    return b.build();
  }

  private static boolean isOverride(PropertySource<?> source) {
    String name = source.getName();
    return name.equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)
        || name.equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
  }

  private static void add(EnumerablePropertySource<?> source, ConfigSource.Builder b) {
    Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
    Map<String, String> listOrigins = new LinkedHashMap<>();
    for (String name : source.getPropertyNames()) {
      if (!name.startsWith(ConfigOption.PREFIX)) {
        continue;
      }
      Object value = source.getProperty(name);
      if (value == null) {
        continue;
      }
      Matcher m = INDEXED.matcher(name);
      if (m.matches()) {
        lists
            .computeIfAbsent(m.group(1), k -> new TreeMap<>())
            .put(Integer.parseInt(m.group(2)), String.valueOf(value));
        listOrigins.putIfAbsent(m.group(1), origin(source, name));
      } else {
        b.value(name, String.valueOf(value), origin(source, name));
      }
    }
    lists.forEach(
        (key, items) -> b.value(key, String.join(",", items.values()), listOrigins.get(key)));
  }

  private static String origin(PropertySource<?> source, String name) {
    if (source instanceof CommandLinePropertySource<?>) {
      return "command line";
    }
    if (source instanceof OriginLookup<?>) {
      @SuppressWarnings("unchecked")
      Origin origin = ((OriginLookup<String>) source).getOrigin(name);
      if (origin != null) {
        return origin.toString();
      }
    }
    return "property source '" + source.getName() + "'";
  }

  private static Map<String, String> strings(Map<String, Object> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k, String.valueOf(v));
          }
        });
    return out;
  }

  private static Properties properties(Map<String, Object> map) {
    Properties p = new Properties();
    map.forEach(
        (k, v) -> {
          if (v instanceof String s) {
            p.setProperty(k, s);
          }
        });
    return p;
  }
}
