package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  private static final Path DOC = Path.of("..", "docs", "CONFIGURATION.md");

  @Test
  void theConfigurationReferenceHoldsTheKeyTable() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    assertTrue(
        doc.contains(ConfigKey.markdownTable()),
        "docs/CONFIGURATION.md is out of date; replace its table with:\n"
            + ConfigKey.markdownTable());
  }

  @Test
  void everyKeyHasAUniqueSuffixADefaultAndAMeaning() {
    Set<String> suffixes = new HashSet<>();
    for (ConfigKey key : ConfigKey.values()) {
      assertTrue(suffixes.add(key.suffix()), key.suffix());
      assertTrue(key.key().startsWith("tidings."), key.key());
      assertTrue(!key.defaultValue().isBlank(), key.name());
      assertTrue(key.meaning().endsWith("."), key.name());
      if (!key.isPrefix()) {
        assertEquals(key, ConfigKey.bySuffix(key.suffix()));
      }
    }
    assertNull(ConfigKey.bySuffix("headers."));
  }

  @Test
  void defaultsComeFromTheConstants() {
    assertEquals("sse", ConfigKey.TRANSPORT.defaultValue());
    assertEquals("500ms", ConfigKey.RECONNECT_INITIAL_DELAY.defaultValue());
    assertEquals("2", ConfigKey.RECONNECT_MULTIPLIER.defaultValue());
    assertEquals("401,403,404,410", ConfigKey.RECONNECT_FATAL_STATUSES.defaultValue());
    assertEquals("8MiB", ConfigKey.MAX_MESSAGE_SIZE.defaultValue());
    assertEquals("1s", ConfigKey.LONGPOLL_MIN_INTERVAL.defaultValue());
    assertEquals("auto", ConfigKey.HTTP_VERSION.defaultValue());
    assertEquals("json", ConfigKey.FORMAT.defaultValue());
    assertEquals("1003,1008", ConfigKey.WEBSOCKET_FATAL_CLOSE_CODES.defaultValue());
  }

  @Test
  void environmentNamesUpperCaseAndReplaceDotsAndDashes() {
    assertEquals(
        "TIDINGS_RECONNECT_MAX_DELAY", ConfigKey.environmentName("tidings.reconnect.max-delay"));
    assertEquals(
        "TIDINGS_SUBSCRIPTIONS_PRICES_URL",
        ConfigKey.environmentName("tidings.subscriptions.prices.url"));
    assertTrue(ConfigKey.URL.isEnvironmentOverridable());
    assertTrue(!ConfigKey.HEADERS.isEnvironmentOverridable());
  }

  @Test
  void suggestionsComeFromTheTable() {
    assertEquals("reconnect.max-delay", ConfigKey.suggest("reconect.max-delay"));
    assertEquals("reconnect.max-delay", ConfigKey.suggest("Reconnect.Max-Delay"));
    assertEquals("headers.X-Api-Key", ConfigKey.suggest("header.X-Api-Key"));
    assertEquals("shortpoll.min-interval", ConfigKey.suggest("shortpoll.min"));
    assertNull(ConfigKey.suggest("colour"));
    assertEquals(
        "tidings.subscriptions.p.longpoll.wait",
        ConfigSet.suggest("tidings.subscriptions.p.long-poll.wait"));
    assertEquals("tidings.subscriptions.p.url", ConfigSet.suggest("tidings.subscriptons.p.url"));
    assertNull(ConfigSet.suggest("tidings.subscriptions.p"));
  }
}
