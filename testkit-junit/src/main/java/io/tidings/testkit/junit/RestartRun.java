package io.tidings.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.spi.ConfigOption;
import io.tidings.spi.TransportProvider;
import io.tidings.testkit.Await;
import io.tidings.testkit.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@link CursorStoreChild} in a child JVM for the conformance suite's restart tests: the
 * properties file it subscribes with, the ids it printed, and stopping it (SIGTERM) or killing it
 * (SIGKILL). Not thread-safe: the test thread uses it.
 */
final class RestartRun implements AutoCloseable {
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path out;

  private RestartRun(Process process, Path out) {
    this.process = process;
    this.out = out;
  }

  /**
   * Writes {@code dir/tidings.properties} for a subscription to {@code url} over {@code provider}
   * with {@code ordered} delivery and the file cursor store {@code cursor}, written at most once
   * per {@code interval}; the suite's short reconnect delays and poll options are included for the
   * options {@code provider} declares.
   */
  static Path properties(
      Path dir,
      TransportProvider provider,
      String url,
      Path cursor,
      String interval,
      Map<String, String> transportOptions)
      throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("tidings.url", url);
    p.put("tidings.transport", provider.name());
    p.put("tidings.ordering", "ordered");
    p.put("tidings.cursor-store", "file:" + cursor);
    p.put("tidings.cursor-store.interval", interval);
    p.put("tidings.reconnect.initial-delay", "50ms");
    p.put("tidings.reconnect.max-delay", "200ms");
    for (ConfigOption<?> o : provider.options()) {
      String value = transportOptions.get(o.name());
      if (value != null) {
        p.put(ConfigOption.PREFIX + o.name(), value);
      }
    }
    StringBuilder text = new StringBuilder();
    p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path file = dir.resolve("tidings.properties");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Starts the child on {@code properties}; it handles the message {@code busyOn} until it is asked
   * to stop ({@code "0"}: none), and writes its output to {@code dir/<name>.out}.
   */
  static RestartRun start(Path dir, String name, Path properties, long busyOn) throws IOException {
    Path out = dir.resolve(name + ".out");
    Process p =
        ChildJvm.start(
            CursorStoreChild.class,
            "128m",
            List.of("-XX:TieredStopAtLevel=1"),
            out,
            properties.toString(),
            Long.toString(busyOn));
    return new RestartRun(p, out);
  }

  /** Waits until the child printed {@code id}. */
  void awaitDelivered(long id, Duration timeout) throws InterruptedException {
    Await.until(
        () -> delivered().contains(id) || !process.isAlive(),
        timeout,
        "message " + id + " delivered in the child");
    assertTrue(delivered().contains(id), "the child ended before message " + id + ":\n" + log());
  }

  /** SIGTERM: the JVM runs its shutdown hooks, here the application's {@code close()}. */
  void stop() throws InterruptedException {
    process.destroy();
    assertTrue(process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "did not exit");
  }

  /** SIGKILL: no shutdown hook, no {@code close()}. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "did not die");
  }

  /** True when the child printed {@link CursorStoreChild#CLOSED} (its onClosed ran). */
  boolean closedGracefully() {
    return read(out).contains(CursorStoreChild.CLOSED + " ");
  }

  /** The ids the child printed, in order; a last line cut short by a kill is left out. */
  List<Long> delivered() {
    String text = read(out);
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

  /** What the child printed on both streams, for failure messages. */
  String log() {
    return read(out) + "\n--- stderr ---\n" + read(out.resolveSibling(out.getFileName() + ".err"));
  }

  /** Asserts that {@code ids} are {@code from, from + 1, ...}: nothing lost or repeated. */
  static void assertConsecutive(List<Long> ids, long from, String what) {
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i) != from + i) {
        throw new AssertionError(
            what
                + ": expected "
                + (from + i)
                + " at position "
                + i
                + " (lost or repeated): "
                + ids);
      }
    }
  }

  /** The id in the cursor file. */
  static long stored(Path cursor) throws IOException {
    return Long.parseLong(Files.readString(cursor, StandardCharsets.UTF_8).strip());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
