package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCursorStoreTest {
  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private FileCursorStore store(Duration interval) {
    return new FileCursorStore(dir.resolve("cursor"), interval, clock::get);
  }

  private String onDisk() throws IOException {
    return Files.readString(dir.resolve("cursor"), StandardCharsets.UTF_8);
  }

  @Test
  void aMissingFileMeansStartFromTheLiveEdge() throws IOException {
    assertEquals(Optional.empty(), store(Duration.ZERO).load());
  }

  @Test
  void theSavedIdIsLoadedByTheNextStore() throws IOException {
    FileCursorStore first = store(Duration.ZERO);
    first.load();
    first.save("41");
    first.save("42");
    first.close();
    assertEquals(Optional.of("42"), store(Duration.ZERO).load());
    assertFalse(Files.exists(dir.resolve("cursor.tmp")), "the temporary file is moved, not left");
  }

  @Test
  void writesAtMostOncePerIntervalAndCloseFlushesTheLastId() throws IOException {
    FileCursorStore s = store(Duration.ofSeconds(1));
    s.save("1");
    assertEquals("1", onDisk(), "the first save is written at once");
    clock.addAndGet(Duration.ofMillis(400).toNanos());
    s.save("2");
    s.save("3");
    assertEquals("1", onDisk(), "saves within the interval wait");
    clock.addAndGet(Duration.ofMillis(600).toNanos());
    s.save("4");
    assertEquals("4", onDisk(), "the first save after the interval writes the newest id");
    s.save("5");
    s.close();
    assertEquals("5", onDisk(), "close() writes what is pending");
  }

  @Test
  void blankFileStartsFromTheLiveEdgeAndSurroundingWhitespaceIsIgnored() throws IOException {
    Files.writeString(dir.resolve("cursor"), "  \n");
    assertEquals(Optional.empty(), store(Duration.ZERO).load());
    Files.writeString(dir.resolve("cursor"), "abc\n");
    assertEquals(Optional.of("abc"), store(Duration.ZERO).load());
  }

  @Test
  void aFileTooLargeToBeACursorFailsTheLoad() throws IOException {
    Files.writeString(dir.resolve("cursor"), "x".repeat(FileCursorStore.MAX_ID_CHARS * 4 + 1));
    IOException e = assertThrows(IOException.class, () -> store(Duration.ZERO).load());
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void aMissingFolderFailsTheSaveWithTheIoError() {
    FileCursorStore s =
        new FileCursorStore(
            dir.resolve("no-such-dir").resolve("cursor"), Duration.ZERO, clock::get);
    assertThrows(IOException.class, () -> s.save("1"));
  }

  @Test
  void aNegativeIntervalIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> store(Duration.ofMillis(-1)));
  }

  @Test
  void aHeldBackIdIsDueWhenTheIntervalHasPassedAndWrittenByFlushHeldBack() throws IOException {
    FileCursorStore store = store(Duration.ofSeconds(1));
    assertEquals(null, store.heldBack());
    store.save("1"); // the first save writes at once
    assertEquals(null, store.heldBack());
    clock.addAndGet(Duration.ofMillis(400).toNanos());
    store.save("2");
    assertEquals(Duration.ofMillis(600), store.heldBack());
    clock.addAndGet(Duration.ofMillis(700).toNanos());
    assertEquals(Duration.ZERO, store.heldBack());
    store.flushHeldBack();
    assertEquals(null, store.heldBack());
    assertEquals("2", store(Duration.ZERO).load().orElseThrow());
  }
}
