package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.SubscriptionConfig;
import io.tidings.testkit.Await;
import io.tidings.testkit.Malformed;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.ReferenceServerMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoTest {
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(15);

  /** Bounds a watch that ends on a message count; only a broken run waits this long. */
  private static final java.time.Duration WATCH = java.time.Duration.ofSeconds(60);

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

  private static SubscriptionConfig demoConfig(String transport) {
    return SubscriptionConfig.load(Path.of(Demo.CONFIG_FILE)).toBuilder()
        .transport(transport)
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sse", "websocket", "longpoll", "shortpoll"})
  void resumesAfterTheDropWithNothingLostOrRepeated(String transport) throws Exception {
    Demo.Result result = Demo.run(demoConfig(transport), out);

    assertTrue(result.ok(), () -> result.summary() + "\n" + printed());
    assertEquals(0, result.exitCode());
    assertTrue(
        result.summary().startsWith("OK " + transport + ": 40 messages, 0 lost, 0 duplicates, "),
        result.summary());
    assertTrue(printed().contains("The server drops the connection now"), printed());
    for (int id = 1; id <= 40; id++) {
      assertTrue(printed().contains(" id " + id + " "), "id " + id + " printed");
    }
  }

  @Test
  void thePropertiesFileNamesAPlaceholderSoTheDemoStartsItsOwnServer() {
    SubscriptionConfig config = SubscriptionConfig.load(Path.of(Demo.CONFIG_FILE));

    assertTrue(LocalServers.isPlaceholder(config.url()), config.url().toString());
  }

  @Test
  void aRealServerIsWatchedNotPublishedTo() throws Exception {
    try (ReferenceServer server = ReferenceServer.start()) {
      server.publish(3);
      SubscriptionConfig config = demoConfig("sse").toBuilder().url(server.url()).build();
      assertFalse(LocalServers.isPlaceholder(config.url()));

      // Ends once the 3 stored messages arrived; the deadline only bounds a broken run.
      Demo.Result result = Demo.runWatching(config, WATCH, 3, out);

      assertTrue(result.ok(), () -> result.summary() + "\n" + printed());
      assertTrue(
          result.summary().contains(": 3 messages, 0 duplicates, 0 out of order"),
          result.summary());
      assertEquals("3", server.lastId());
    }
  }

  @Test
  void watchesTheStandaloneServerAsASecondTerminalWould() throws Exception {
    ReferenceServerMain.Options options = ReferenceServerMain.parse("--port", "0", "--rate", "50");
    try (ReferenceServerMain.Running server = ReferenceServerMain.start(options, out)) {
      SubscriptionConfig config = demoConfig("sse").toBuilder().url(server.server().url()).build();

      // Ends at the 5th message of the 50/s feed, however slowly a loaded machine opens the stream
      // (a fixed 10 s watch inside a 30 s test timed out at load 30).
      Demo.Result result = Demo.runWatching(config, WATCH, 5, out);

      assertTrue(result.ok(), () -> result.summary() + "\n" + printed());
      assertTrue(
          result
              .summary()
              .matches("OK sse: watched for 60 s: ([5-9]|[1-9][0-9]+) messages, 0 dupl.*"),
          result.summary());
    }
  }

  @Test
  void watchingPrintsErrorsReconnectsAndGapsAsTheyHappen() throws Exception {
    try (ReferenceServer server = ReferenceServer.builder().historySize(2).start()) {
      SubscriptionConfig config = demoConfig("sse").toBuilder().url(server.url()).build();
      Thread watcher =
          new Thread(
              () -> {
                try {
                  Demo.runWatching(
                      config, java.time.Duration.ofSeconds(60), Integer.MAX_VALUE, out);
                } catch (InterruptedException e) {
                  // the test ends the watch early
                }
              },
              "demo-watcher");
      watcher.start();
      try {
        Await.until(() -> server.stats("sse").open() == 1, WAIT, "the watch to subscribe");
        server.faults().injectMalformed(Malformed.NOT_JSON);
        server.publish(1);
        awaitPrinted("  error: ");
        awaitPrinted(" id 1 ");
        // Away until cleared: 503 for every reconnect, while the server forgets ids 2 and 3.
        server.faults().respond(503, Integer.MAX_VALUE);
        server.faults().dropActive();
        awaitPrinted("  reconnecting");
        server.publish(4);
        server.faults().clear();
        awaitPrinted("  open again");
        awaitPrinted("  gap: ");
        awaitPrinted(" id 4 ");
      } finally {
        watcher.interrupt();
        watcher.join(WAIT.toMillis());
      }
      assertFalse(watcher.isAlive());
    }
  }

  private void awaitPrinted(String text) throws InterruptedException {
    Await.until(() -> printed().contains(text), WAIT, "'" + text + "' printed in\n" + printed());
  }

  private String printed() {
    return output.toString(StandardCharsets.UTF_8);
  }
}
