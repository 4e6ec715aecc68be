package io.tidings.internal;

import io.tidings.CursorStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link CursorStore#file(Path, Duration)}: the last id in one file, replaced atomically, written
 * at most once per interval. An id held back by the interval is written by the next save, by {@link
 * #flushHeldBack()} (core calls it once the interval has passed, so a feed that goes quiet does not
 * leave it unwritten), or by {@link #close()}. Not thread-safe: one subscription's delivery thread
 * uses it.
 */
public final class FileCursorStore implements CursorStore {
  /** Ids longer than this are not an id this library wrote: reading fails instead. */
  static final int MAX_ID_CHARS = 64 * 1024;

  private final Path file;
  private final Path temp;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private String pending;
  private String written;
  private long lastWriteNanos;
  private boolean wroteOnce;

  /**
   * @param file the file holding the id
   * @param interval least time between two writes, not negative
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
   */
  public FileCursorStore(Path file, Duration interval, LongSupplier nanoClock) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative: " + interval);
    }
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  @Override
  public Optional<String> load() throws IOException {
    String text;
    try {
      if (Files.size(file) > MAX_ID_CHARS * 4L) {
        throw new IOException(file + " is too large to be a cursor file written by Tidings");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty(); // first run
    }
    text = text.strip();
    written = text.isEmpty() ? null : text;
    return Optional.ofNullable(written);
  }

  @Override
  public void save(String lastEventId) throws IOException {
    pending = Objects.requireNonNull(lastEventId, "lastEventId");
    long now = nanoClock.getAsLong();
    if (!wroteOnce || now - lastWriteNanos >= intervalNanos) {
      flush(now);
    }
  }

  @Override
  public void close() throws IOException {
    flush(nanoClock.getAsLong());
  }

  /**
   * How long until a held-back id (saved within the interval of the last write) is due, or null
   * when every saved id is written.
   */
  Duration heldBack() {
    if (pending == null || pending.equals(written)) {
      return null;
    }
    long left = intervalNanos - (nanoClock.getAsLong() - lastWriteNanos);
    return Duration.ofNanos(Math.max(0, left));
  }

  /** Writes a held-back id now. */
  void flushHeldBack() throws IOException {
    flush(nanoClock.getAsLong());
  }

  private void flush(long now) throws IOException {
    String id = pending;
    if (id == null || id.equals(written)) {
      return;
    }
    Files.writeString(temp, id, StandardCharsets.UTF_8);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    written = id;
    lastWriteNanos = now;
    wroteOnce = true;
  }

  @Override
  public String toString() {
    return "CursorStore{file=" + file + '}';
  }
}
