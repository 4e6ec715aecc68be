package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.spi.ConfigOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoreKeysTest {
  private static final Path DOC = Path.of("..", "docs", "CONFIGURATION.md");

  @Test
  void theConfigurationReferenceHoldsTheKeyTable() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    assertTrue(
        doc.contains(CoreKeys.markdownTable()),
        "docs/CONFIGURATION.md is out of date; replace its core table with:\n"
            + CoreKeys.markdownTable());
  }

  @Test
  void everyKeyHasAUniqueNameADefaultAndAMeaning() {
    Set<String> names = new HashSet<>();
    for (ConfigOption<?> key : CoreKeys.ALL) {
      assertTrue(names.add(key.name()), key.name());
      assertTrue(key.key().startsWith("tidings."), key.key());
      assertTrue(!key.defaultText().isBlank(), key.name());
      assertTrue(key.meaning().endsWith("."), key.name());
    }
    assertTrue(CoreKeys.markdownTable().contains("| `tidings.headers.<Header-Name>` | (none) |"));
  }

  @Test
  void defaultsComeFromTheConstants() {
    assertEquals("sse", CoreKeys.TRANSPORT.defaultText());
    assertEquals("500ms", CoreKeys.RECONNECT_INITIAL_DELAY.defaultText());
    assertEquals("2", CoreKeys.RECONNECT_MULTIPLIER.defaultText());
    assertEquals("401,403,404,410", CoreKeys.RECONNECT_FATAL_STATUSES.defaultText());
    assertEquals("8MiB", CoreKeys.MAX_MESSAGE_SIZE.defaultText());
    assertEquals("auto", CoreKeys.HTTP_VERSION.defaultText());
    assertEquals("json", CoreKeys.FORMAT.defaultText());
    assertEquals("1003", ExampleTransport.CODES.defaultText());
    assertEquals("(none)", ExampleTransport.MIN.defaultText());
  }

  @Test
  void aChoiceListsItsWordsInOrderAndOtherOptionsNone() {
    assertEquals(List.of("json", "raw"), CoreKeys.FORMAT.choices());
    assertEquals(List.of("auto", "http1.1", "h2c"), CoreKeys.HTTP_VERSION.choices());
    assertEquals(List.of(), CoreKeys.STALL_TIMEOUT.choices());
  }

  @Test
  void environmentNamesUpperCaseAndReplaceDotsAndDashes() {
    assertEquals(
        "TIDINGS_RECONNECT_MAX_DELAY", ConfigLoader.environmentName("tidings.reconnect.max-delay"));
    assertEquals(
        "TIDINGS_SUBSCRIPTIONS_PRICES_URL",
        ConfigLoader.environmentName("tidings.subscriptions.prices.url"));
  }

  @Test
  void suggestionsComeFromTheTable() {
    ConfigSet set = new ConfigSet("test", List.of(), Map.of(), ExampleTransport.REGISTRY);
    assertEquals("reconnect.max-delay", set.suggestName("reconect.max-delay"));
    assertEquals("reconnect.max-delay", set.suggestName("Reconnect.Max-Delay"));
    assertEquals("headers.X-Api-Key", set.suggestName("header.X-Api-Key"));
    assertEquals("example.min-interval", set.suggestName("example.min"));
    assertNull(set.suggestName("colour"));
    assertEquals(
        "tidings.subscriptions.p.example.wait", set.suggest("tidings.subscriptions.p.exmple.wait"));
    assertEquals("tidings.subscriptions.p.url", set.suggest("tidings.subscriptons.p.url"));
    assertNull(set.suggest("tidings.subscriptions.p"));
  }

  @Test
  void aTransportMayNotRedeclareACoreKey() {
    ConfigOption<String> url = ConfigOption.text("url", "x", "Clash.");
    TransportRegistry clash =
        new TransportRegistry(
            List.of(
                new io.tidings.spi.TransportProvider() {
                  @Override
                  public String name() {
                    return "clash";
                  }

                  @Override
                  public Set<io.tidings.spi.Capability> capabilities() {
                    return Set.of();
                  }

                  @Override
                  public List<ConfigOption<?>> options() {
                    return List.of(url);
                  }

                  @Override
                  public io.tidings.spi.Connection connect(
                      io.tidings.spi.TransportContext c,
                      io.tidings.spi.Cursor cursor,
                      io.tidings.spi.ConnectionListener l) {
                    throw new UnsupportedOperationException();
                  }
                }));
    io.tidings.ConfigurationException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.tidings.ConfigurationException.class,
            () ->
                new ConfigLoader(Map.of(), new Properties(), clash)
                    .fromProperties(new Properties(), null, "p"));
    assertEquals("tidings.url", e.key());
  }
}
