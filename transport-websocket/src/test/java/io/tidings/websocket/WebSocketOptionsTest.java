package io.tidings.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebSocketOptionsTest {
  @Test
  void theConfigurationReferenceListsTheKeys() throws IOException {
    String table = ConfigOption.markdownTable(new WebSocketTransportProvider().options());
    String doc =
        Files.readString(Path.of("..", "docs", "CONFIGURATION.md"), StandardCharsets.UTF_8);
    assertTrue(
        doc.contains(table), "docs/CONFIGURATION.md: replace the websocket table with\n" + table);
  }

  @Test
  void keysLoadFromFilesWithTheirDefaults() {
    SubscriptionConfig d = load("tidings.url=ws://x/");
    assertEquals(Duration.ofSeconds(15), d.option(WebSocketTransportProvider.PING_INTERVAL));
    assertEquals(List.of(), d.option(WebSocketTransportProvider.SUBPROTOCOLS));
    assertNull(d.option(WebSocketTransportProvider.RESUME_MESSAGE));
    assertEquals(Set.of(1003, 1008), d.option(WebSocketTransportProvider.FATAL_CLOSE_CODES));
    assertEquals(1024L * 1024, d.option(WebSocketTransportProvider.SEND_BUFFER));
    SubscriptionConfig c =
        load(
            "tidings.url=ws://x/",
            "tidings.websocket.ping-interval=0",
            "tidings.websocket.subprotocols=tidings.v1, json",
            "tidings.websocket.resume-message={\"resume\":\"${lastEventId}\"}",
            "tidings.websocket.fatal-close-codes=1008,4001",
            "tidings.websocket.send-buffer=2MiB");
    assertEquals(Duration.ZERO, c.option(WebSocketTransportProvider.PING_INTERVAL));
    assertEquals(List.of("tidings.v1", "json"), c.option(WebSocketTransportProvider.SUBPROTOCOLS));
    assertEquals(
        "{\"resume\":\"${lastEventId}\"}", c.option(WebSocketTransportProvider.RESUME_MESSAGE));
    assertEquals(Set.of(1008, 4001), c.option(WebSocketTransportProvider.FATAL_CLOSE_CODES));
    assertEquals(2L * 1024 * 1024, c.option(WebSocketTransportProvider.SEND_BUFFER));
    assertEquals(
        Set.of(),
        load("tidings.url=ws://x/", "tidings.websocket.fatal-close-codes=")
            .option(WebSocketTransportProvider.FATAL_CLOSE_CODES));
    assertNull(
        load("tidings.url=ws://x/", "tidings.websocket.resume-message=")
            .option(WebSocketTransportProvider.RESUME_MESSAGE));
  }

  @Test
  void badValuesNameTheKeys() {
    assertMessage(
        "tidings.websocket.fatal-close-codes=99 has an item out of range; expected a"
            + " comma-separated list of close codes from 1000 to 4999",
        "tidings.websocket.fatal-close-codes=99");
    assertMessage(
        "unknown key tidings.websocket.ping; did you mean tidings.websocket.ping-interval?",
        "tidings.websocket.ping=1s");
  }

  private static void assertMessage(String expected, String line) {
    assertEquals(
        "properties: " + expected,
        assertThrows(ConfigurationException.class, () -> load("tidings.url=ws://x/", line))
            .getMessage());
  }

  private static SubscriptionConfig load(String... lines) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(String.join("\n", lines)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return SubscriptionConfig.fromProperties(p);
  }
}
