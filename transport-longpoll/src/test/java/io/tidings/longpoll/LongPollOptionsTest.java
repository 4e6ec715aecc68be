package io.tidings.longpoll;

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
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LongPollOptionsTest {
  @Test
  void theConfigurationReferenceListsTheKeys() throws IOException {
    String table = ConfigOption.markdownTable(new LongPollTransportProvider().options());
    String doc =
        Files.readString(Path.of("..", "docs", "CONFIGURATION.md"), StandardCharsets.UTF_8);
    assertTrue(
        doc.contains(table), "docs/CONFIGURATION.md: replace the longpoll table with\n" + table);
  }

  @Test
  void keysLoadFromFilesWithTheirDefaults() throws IOException {
    SubscriptionConfig d = load("tidings.url=http://x/");
    assertEquals(LongPollTransportProvider.DEFAULT_WAIT, d.option(LongPollTransportProvider.WAIT));
    assertEquals("wait", d.option(LongPollTransportProvider.WAIT_PARAM));
    assertEquals(Duration.ofSeconds(1), d.option(LongPollTransportProvider.MIN_INTERVAL));
    SubscriptionConfig c =
        load(
            "tidings.url=http://x/",
            "tidings.longpoll.wait=25s",
            "tidings.longpoll.wait-param=timeout",
            "tidings.subscriptions.a.longpoll.min-interval=250ms");
    assertEquals(Duration.ofSeconds(25), c.option(LongPollTransportProvider.WAIT));
    assertEquals("timeout", c.option(LongPollTransportProvider.WAIT_PARAM));
    SubscriptionConfig a =
        SubscriptionConfig.fromProperties(
            props("tidings.url=http://x/", "tidings.subscriptions.a.longpoll.min-interval=250ms"),
            "a");
    assertEquals(Duration.ofMillis(250), a.option(LongPollTransportProvider.MIN_INTERVAL));
    assertEquals(
        "properties: tidings.longpoll.min-interval=0 must be greater than zero; expected e.g."
            + " 250ms, 30s, 5m or ISO-8601 PT30S",
        assertThrows(
                ConfigurationException.class,
                () -> load("tidings.url=http://x/", "tidings.longpoll.min-interval=0"))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SubscriptionConfig.builder()
                .option(LongPollTransportProvider.MIN_INTERVAL, Duration.ZERO));
  }

  static SubscriptionConfig load(String... lines) throws IOException {
    return SubscriptionConfig.fromProperties(props(lines));
  }

  static Properties props(String... lines) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(String.join("\n", lines)));
    return p;
  }
}
