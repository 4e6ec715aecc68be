package io.tidings.shortpoll;

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
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ShortPollOptionsTest {
  @Test
  void theConfigurationReferenceListsTheKeys() throws IOException {
    String table = ConfigOption.markdownTable(new ShortPollTransportProvider().options());
    String doc =
        Files.readString(Path.of("..", "docs", "CONFIGURATION.md"), StandardCharsets.UTF_8);
    assertTrue(
        doc.contains(table), "docs/CONFIGURATION.md: replace the shortpoll table with\n" + table);
  }

  @Test
  void keysLoadFromFilesWithTheirDefaults() {
    SubscriptionConfig d = load("tidings.url=http://x/");
    assertEquals(Duration.ofSeconds(2), d.option(ShortPollTransportProvider.INTERVAL));
    assertEquals(0.1, d.option(ShortPollTransportProvider.JITTER));
    assertNull(d.option(ShortPollTransportProvider.MIN_INTERVAL));
    SubscriptionConfig c =
        load(
            "tidings.url=http://x/",
            "tidings.shortpoll.interval=5s",
            "tidings.shortpoll.jitter=0",
            "tidings.shortpoll.min-interval=1s",
            "tidings.shortpoll.max-interval=1m");
    assertEquals(Duration.ofSeconds(5), c.option(ShortPollTransportProvider.INTERVAL));
    assertEquals(0.0, c.option(ShortPollTransportProvider.JITTER));
    assertEquals(Duration.ofSeconds(1), c.option(ShortPollTransportProvider.MIN_INTERVAL));
    assertEquals(Duration.ofMinutes(1), c.option(ShortPollTransportProvider.MAX_INTERVAL));
  }

  @Test
  void badValuesNameTheKeys() {
    assertMessage(
        "tidings.shortpoll.jitter=1 is out of range; expected at least 0 and below 1",
        "tidings.shortpoll.jitter=1");
    assertMessage(
        "tidings.shortpoll.min-interval (not set) and tidings.shortpoll.max-interval=10s are"
            + " inconsistent: set both tidings.shortpoll.min-interval and"
            + " tidings.shortpoll.max-interval, or neither",
        "tidings.shortpoll.max-interval=10s");
    assertMessage(
        "tidings.shortpoll.min-interval=10s and tidings.shortpoll.max-interval=1s are"
            + " inconsistent: shortpoll max interval (PT1S) is less than min interval (PT10S)",
        "tidings.shortpoll.min-interval=10s",
        "tidings.shortpoll.max-interval=1s");
    assertMessage(
        "unknown key tidings.shortpoll.min; did you mean tidings.shortpoll.min-interval?",
        "tidings.shortpoll.min=1s");
    assertMessage(
        "unknown key tidings.subscriptions.p.short-poll.interval; did you mean"
            + " tidings.subscriptions.p.shortpoll.interval?",
        "tidings.subscriptions.p.short-poll.interval=1s");
  }

  private static void assertMessage(String expected, String... lines) {
    String[] all = new String[lines.length + 1];
    all[0] = "tidings.url=http://x/";
    System.arraycopy(lines, 0, all, 1, lines.length);
    assertEquals(
        "properties: " + expected,
        assertThrows(ConfigurationException.class, () -> load(all)).getMessage());
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
