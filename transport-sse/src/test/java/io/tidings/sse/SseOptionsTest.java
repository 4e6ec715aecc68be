package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConfigurationException;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.ConfigOption;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SseOptionsTest {
  @Test
  void theConfigurationReferenceListsTheKeys() throws IOException {
    String table = ConfigOption.markdownTable(new SseTransportProvider().options());
    String doc =
        Files.readString(Path.of("..", "docs", "CONFIGURATION.md"), StandardCharsets.UTF_8);
    assertTrue(doc.contains(table), "docs/CONFIGURATION.md: replace the sse table with\n" + table);
  }

  @Test
  void methodAndBodyLoadAndABodyNeedsPost() throws IOException {
    SubscriptionConfig d = load("tidings.url=http://x/");
    assertEquals("GET", d.option(SseTransportProvider.METHOD));
    SubscriptionConfig c =
        load("tidings.url=http://x/", "tidings.sse.method=post", "tidings.sse.body={\"q\":1}");
    assertEquals("POST", c.option(SseTransportProvider.METHOD));
    assertEquals("{\"q\":1}", c.option(SseTransportProvider.BODY));
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> load("tidings.url=http://x/", "tidings.sse.body={}"));
    assertTrue(e.getMessage().contains("tidings.sse.method=POST"), e.getMessage());
  }

  private static SubscriptionConfig load(String... lines) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(String.join("\n", lines)));
    return SubscriptionConfig.fromProperties(p);
  }
}
