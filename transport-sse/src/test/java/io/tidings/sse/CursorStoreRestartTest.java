package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.testkit.Await;
import io.tidings.testkit.ReferenceServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume across a crash: an application subscribing with {@code tidings.cursor-store=file:<path>}
 * (interval 0) in a child JVM is killed ({@code destroyForcibly}, no shutdown hook, no {@code
 * close()}) in the middle of a feed, more messages are published while it is down, and it is
 * started again on the same store. Nothing is lost, and at most the one message being handled when
 * it was killed is delivered again: the store is written after each {@code onMessage} returns, so a
 * kill between the callback and the write repeats that message (the documented at-least-once window
 * with an interval of 0).
 */
@Timeout(180)
class CursorStoreRestartTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int FIRST_BATCH = 300;
  private static final int KILL_AFTER = 40;
  private static final int WHILE_DOWN = 100;
  private static final int AFTER_RESTART = 50;

  /** The first run's work per message: its 300 messages take at least 6 s, the kill comes early. */
  private static final long SLOW_WORK_MILLIS = 20;

  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledSubscriberRestartedOnItsCursorStoreLosesNothingAndRepeatsAtMostOne()
      throws Exception {
    try (ReferenceServer server =
        ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(200)).start()) {
      Path cursor = dir.resolve("feed.cursor");
      Path properties = dir.resolve("tidings.properties");
      Files.writeString(
          properties,
          String.join(
              "\n",
              "tidings.url=" + server.url(),
              "tidings.transport=sse",
              "tidings.ordering=ordered",
              "tidings.cursor-store=file:" + cursor,
              "tidings.cursor-store.interval=0",
              "tidings.reconnect.initial-delay=50ms",
              "tidings.reconnect.max-delay=200ms",
              ""));
      server.publish(FIRST_BATCH);

      Path out1 = dir.resolve("run1.out");
      Process first = start(properties, out1, SLOW_WORK_MILLIS);
      Await.until(
          () -> delivered(out1).size() >= KILL_AFTER, TIMEOUT, KILL_AFTER + " messages delivered");
      first.destroyForcibly();
      assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the child JVM did not die");
      List<Long> run1 = delivered(out1);
      assertTrue(
          run1.size() < FIRST_BATCH,
          "the child got the whole feed before it was killed: " + run1.size());
      assertConsecutive(run1, 1);
      long k = run1.get(run1.size() - 1);
      long stored = Long.parseLong(Files.readString(cursor, StandardCharsets.UTF_8).strip());
      assertTrue(
          stored == k || stored == k - 1,
          "the store holds " + stored + " but the last message delivered was " + k);

      server.publish(WHILE_DOWN);
      Path out2 = dir.resolve("run2.out");
      start(properties, out2, 0);
      int total = FIRST_BATCH + WHILE_DOWN;
      Await.until(
          () -> delivered(out2).contains((long) total),
          TIMEOUT,
          "message " + total + " after restart");
      server.publish(AFTER_RESTART);
      int end = total + AFTER_RESTART;
      Await.until(() -> delivered(out2).contains((long) end), TIMEOUT, "message " + end);
      List<Long> run2 = delivered(out2);
      // Resumed right after the stored id: nothing lost, and nothing repeated but the message
      // whose write the kill cut off (if it did).
      assertConsecutive(run2, stored + 1);
      assertEquals(end, run2.get(run2.size() - 1));
      assertEquals(
          Long.toString(stored),
          server.requests("sse").get(server.requests("sse").size() - 1).lastEventId(),
          "the restarted subscription did not resume after the stored id");
      long repeated = k - stored;
      assertTrue(repeated <= 1, "repeated " + repeated);
    }
  }

  private static void assertConsecutive(List<Long> ids, long from) {
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i) != from + i) {
        throw new AssertionError(
            "expected " + (from + i) + " at position " + i + " (lost or repeated): " + ids);
      }
    }
  }

  private Process start(Path properties, Path out, long workMillis) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CursorStoreChild.class.getName());
    command.add(properties.toString());
    command.add(Long.toString(workMillis));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(out.resolveSibling(out.getFileName() + ".err").toFile())
            .start();
    children.add(p);
    return p;
  }

  /** The ids the child printed, in order; a last line cut short by the kill is left out. */
  private static List<Long> delivered(Path out) {
    String text;
    try {
      text = Files.readString(out, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<Long> ids = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
      String line = text.substring(start, nl).strip();
      if (line.startsWith(CursorStoreChild.PREFIX)) {
        ids.add(Long.parseLong(line.substring(CursorStoreChild.PREFIX.length())));
      }
    }
    return ids;
  }
}
