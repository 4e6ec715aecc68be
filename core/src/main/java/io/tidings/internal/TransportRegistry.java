package io.tidings.internal;

import io.tidings.ConfigurationException;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.TransportProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The transports found with {@link ServiceLoader}, by name. Immutable; thread-safe. */
public final class TransportRegistry {
  private static volatile TransportRegistry global;

  /** The transports Tidings publishes, each in module {@code tidings-transport-<name>}. */
  static final List<String> MODULES = List.of("shortpoll", "longpoll", "sse", "websocket");

  private final Map<String, TransportProvider> providers;

  /**
   * A registry of the given providers.
   *
   * @throws ConfigurationException when two providers share a name
   */
  public TransportRegistry(Iterable<? extends TransportProvider> found) {
    Map<String, TransportProvider> byName = new TreeMap<>();
    for (TransportProvider p : found) {
      TransportProvider previous = byName.putIfAbsent(p.name(), p);
      if (previous != null) {
        throw new ConfigurationException(
            "tidings.transport",
            "Two transports are named '"
                + p.name()
                + "': "
                + previous.getClass().getName()
                + " and "
                + p.getClass().getName()
                + ". Remove one of the jars from the class path.");
      }
    }
    this.providers = Collections.unmodifiableMap(byName);
  }

  /** The registry of the transports on the class path, loaded once. */
  public static TransportRegistry global() {
    TransportRegistry r = global;
    if (r == null) {
      synchronized (TransportRegistry.class) {
        r = global;
        if (r == null) {
          r = load(TransportRegistry.class.getClassLoader());
          global = r;
        }
      }
    }
    return r;
  }

  /** Loads the transports visible to a class loader. */
  public static TransportRegistry load(ClassLoader loader) {
    try {
      return new TransportRegistry(ServiceLoader.load(TransportProvider.class, loader));
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException(
          "tidings.transport", "A transport could not be loaded: " + e.getMessage(), e);
    }
  }

  /** The providers, by name. */
  public Collection<TransportProvider> providers() {
    return providers.values();
  }

  /**
   * Every provider's options, by provider name.
   *
   * @throws ConfigurationException when two providers declare one key differently
   */
  public List<ConfigOption<?>> options() {
    Map<String, ConfigOption<?>> byName = new LinkedHashMap<>();
    for (TransportProvider p : providers.values()) {
      for (ConfigOption<?> o : p.options()) {
        ConfigOption<?> previous = byName.putIfAbsent(o.name(), o);
        if (previous != null && previous != o) {
          throw new ConfigurationException(
              o.key(), "Two transports declare " + o.key() + "; remove one of the jars");
        }
      }
    }
    return List.copyOf(byName.values());
  }

  /** The names, sorted. */
  public Set<String> names() {
    return providers.keySet();
  }

  /**
   * The provider of that name.
   *
   * @throws ConfigurationException naming the transports that were found, with a suggestion
   */
  public TransportProvider get(String name) {
    TransportProvider p = providers.get(name);
    if (p == null) {
      throw new ConfigurationException(
          "tidings.transport", unknown(name) + " Fix tidings.transport.");
    }
    return p;
  }

  /** Why a list of transport names cannot be used, or null when every one is on the class path. */
  public String problem(List<String> names) {
    for (String name : names) {
      if (!providers.containsKey(name)) {
        return unknown(name);
      }
    }
    return null;
  }

  /**
   * What to say about a transport that is not on the class path: which are, the nearest name (of
   * those, or of Tidings' own transport modules) and, only for Tidings' own, the artifact to add.
   */
  String unknown(String name) {
    String found = providers.isEmpty() ? "none" : String.join(", ", providers.keySet());
    String text = "No transport named '" + name + "' is on the class path (found: " + found + ").";
    if (MODULES.contains(name)) {
      return text + " Add the dependency " + artifact(name) + ".";
    }
    String nearest = nearest(name);
    if (nearest == null) {
      return text
          + " Tidings' transports are "
          + String.join(", ", MODULES)
          + "; others are named by their provider.";
    }
    return text
        + " Did you mean '"
        + nearest
        + "'?"
        + (providers.containsKey(nearest)
            ? ""
            : " It is not on the class path either: add the dependency " + artifact(nearest) + ".");
  }

  /** The closest known name (on the class path or one of Tidings' modules), or null. */
  private String nearest(String name) {
    Set<String> candidates = new TreeSet<>(providers.keySet());
    candidates.addAll(MODULES);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = ConfigSet.distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  private static String artifact(String module) {
    return "io.tidings:tidings-transport-" + module;
  }

  /** Providers for each name, in order. */
  public List<TransportProvider> getAll(List<String> names) {
    return names.stream().map(this::get).toList();
  }
}
