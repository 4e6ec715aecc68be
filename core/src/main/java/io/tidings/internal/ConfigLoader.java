package io.tidings.internal;

import io.tidings.SubscriptionConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Reads {@link SubscriptionConfig}s from properties, with overrides. TODO: being implemented. */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** A loader reading overrides from the real environment and system properties. */
  public static ConfigLoader system() {
    return new ConfigLoader();
  }

  public SubscriptionConfig load(Path file, String name) {
    throw new UnsupportedOperationException("not yet");
  }

  public Map<String, SubscriptionConfig> loadAll(Path file) {
    throw new UnsupportedOperationException("not yet");
  }

  public SubscriptionConfig fromClasspath(String resource, String name) {
    throw new UnsupportedOperationException("not yet");
  }

  public SubscriptionConfig fromProperties(Properties properties, String name, String source) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The URL without user info and query, safe to show. */
  public static String displayUrl(URI url) {
    if (url == null) {
      return "null";
    }
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }
}
