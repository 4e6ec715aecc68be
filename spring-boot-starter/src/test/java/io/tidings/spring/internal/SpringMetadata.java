package io.tidings.spring.internal;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.internal.CoreKeys;
import io.tidings.internal.TransportRegistry;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.TransportProvider;
import io.tidings.spring.TidingsAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the starter's {@code META-INF/spring-configuration-metadata.json} (IDE completion for
 * {@code tidings.*}) from the key registry that docs/CONFIGURATION.md is generated from: core's
 * {@link CoreKeys#options()}, the headers and named-subscription maps, each transport's {@link
 * TransportProvider#options()} and the health indicator's switch. Values are read by core's loader
 * from text, so a type is only a hint for the IDE: sizes, choices and keys without a default are
 * strings. Stateless; thread-safe.
 */
final class SpringMetadata {
  /** Where the starter's jar carries it. */
  static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

  private static final String MAP = "java.util.Map<java.lang.String,java.lang.String>";
  private static final String CORE_SOURCE = "io.tidings.SubscriptionConfig";

  private SpringMetadata() {}

  /**
   * The metadata for the transports of {@code registry}, as pretty-printed JSON ending in a
   * newline.
   */
  static String json(TransportRegistry registry) throws Exception {
    List<Map<String, Object>> properties = new ArrayList<>();
    for (ConfigOption<?> o : CoreKeys.options()) {
      properties.add(property(o, CORE_SOURCE, ""));
      if (o.name().equals("redact")) {
        properties.add(
            map(
                ConfigOption.PREFIX + "headers",
                CORE_SOURCE,
                CoreKeys.HEADERS_MEANING.replace("<Header-Name>", "named by the key")));
      }
    }
    properties.add(
        map(
            ConfigOption.PREFIX + "subscriptions",
            CORE_SOURCE,
            "Named subscriptions: tidings.subscriptions.<name>.<key> sets <key> (any tidings.* key"
                + " without tidings.) for the subscription <name>, delivered to the TidingsListener"
                + " bean named <name>; it inherits every other value from the top level."));
    Map<String, List<String>> users = new LinkedHashMap<>();
    Map<String, ConfigOption<?>> options = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (TransportProvider p : registry.providers()) {
      for (ConfigOption<?> o : p.options()) {
        users.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(p.name());
        options.putIfAbsent(o.key(), o);
        sources.putIfAbsent(o.key(), p.getClass().getName());
      }
    }
    options.forEach(
        (key, o) ->
            properties.add(
                property(
                    o,
                    sources.get(key),
                    " Read by the "
                        + String.join(" and ", users.get(key))
                        + " transport"
                        + (users.get(key).size() > 1 ? "s" : "")
                        + " (tidings-transport-"
                        + String.join(", tidings-transport-", users.get(key))
                        + ").")));
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("name", "management.health.tidings.enabled");
    health.put("type", "java.lang.Boolean");
    health.put("description", "Whether to enable the tidings health indicator (with Actuator).");
    health.put("sourceType", TidingsAutoConfiguration.class.getName());
    health.put("defaultValue", true);
    properties.add(health);

    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "tidings");
    group.put("sourceType", TidingsAutoConfiguration.class.getName());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("groups", List.of(group));
    root.put("properties", properties);
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
  }

  private static Map<String, Object> property(ConfigOption<?> o, String source, String suffix) {
    Object dflt = o.defaultValue();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", o.key());
    p.put("type", type(dflt));
    p.put("description", plain(o.meaning()) + suffix);
    p.put("sourceType", source);
    if (!o.defaultText().startsWith("(")) {
      p.put(
          "defaultValue",
          dflt instanceof Boolean || dflt instanceof Integer || dflt instanceof Double
              ? dflt
              : dflt instanceof Set<?> set
                  ? List.copyOf(new TreeSet<>(set))
                  : dflt instanceof List<?> list ? list : o.defaultText());
    }
    return p;
  }

  private static Map<String, Object> map(String name, String source, String description) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("type", MAP);
    p.put("description", plain(description));
    p.put("sourceType", source);
    return p;
  }

  private static String type(Object dflt) {
    if (dflt instanceof Duration) {
      return "java.time.Duration";
    }
    if (dflt instanceof Boolean || dflt instanceof Integer || dflt instanceof Double) {
      return dflt.getClass().getName();
    }
    if (dflt instanceof Collection<?> c) {
      String kind = c instanceof List<?> ? "java.util.List<" : "java.util.Set<";
      Object first = c.isEmpty() ? "" : c.iterator().next();
      return kind + first.getClass().getName() + ">";
    }
    return "java.lang.String";
  }

  /** The Markdown meaning as plain text (no code spans). */
  private static String plain(String markdown) {
    return markdown.replace("`", "");
  }
}
