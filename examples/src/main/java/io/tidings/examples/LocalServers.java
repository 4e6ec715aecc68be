package io.tidings.examples;

import io.tidings.SubscriptionConfig;
import io.tidings.testkit.ReferenceServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts in-process {@link ReferenceServer}s for placeholder URLs. A URL whose host is {@code
 * 127.0.0.1} (or {@code localhost}) and whose port is {@code 0}, such as {@code
 * http://127.0.0.1:0/events}, cannot be connected to; the examples read it as "start a reference
 * server on a free port serving a feed at this path", and {@link #resolve} replaces it with that
 * server's URL. Any other URL is left alone, so the same properties file works against a real
 * server.
 *
 * <p>One server is started per path and shared by every configuration with that path. Not
 * thread-safe; {@link #close()} stops the servers it started.
 */
public final class LocalServers implements AutoCloseable {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

  private final Map<String, ReferenceServer> byPath = new LinkedHashMap<>();

  /** True when {@code url} is a placeholder for an in-process reference server. */
  public static boolean isPlaceholder(URI url) {
    return url.getPort() == 0 && url.getHost() != null && LOOPBACK_HOSTS.contains(url.getHost());
  }

  /**
   * Returns {@code config} unchanged, or, when its URL is a placeholder, a copy whose URL points at
   * the reference server for that path (started now if it is the first to ask for it).
   */
  public SubscriptionConfig resolve(SubscriptionConfig config) {
    URI url = config.url();
    if (!isPlaceholder(url)) {
      return config;
    }
    String path = url.getPath() == null || url.getPath().isEmpty() ? "/events" : url.getPath();
    ReferenceServer server =
        byPath.computeIfAbsent(path, p -> ReferenceServer.builder().path(p).start());
    String scheme = url.getScheme();
    String resolved = scheme.equals("ws") || scheme.equals("wss") ? server.wsUrl() : server.url();
    return config.toBuilder().url(resolved).build();
  }

  /** The servers started so far, in the order they were started. */
  public List<ReferenceServer> started() {
    return new ArrayList<>(byPath.values());
  }

  /** The server started for {@code path}, or null. */
  public ReferenceServer server(String path) {
    return byPath.get(path);
  }

  /** Stops every server this object started. */
  @Override
  public void close() {
    for (ReferenceServer server : byPath.values()) {
      server.close();
    }
    byPath.clear();
  }
}
