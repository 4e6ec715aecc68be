package io.tidings;

import io.tidings.internal.FileCursorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps a subscription's resume point across restarts of the application: core {@linkplain #load()
 * loads} it once at start and {@linkplain #save(String) saves} the id of each delivered message, so
 * a new process resumes after the last message the previous one delivered.
 *
 * <p>Threading: {@link #load()} is called once, before the first connection; {@link #save(String)}
 * is called on the subscription's delivery thread right after {@code onMessage} returned, so it
 * must be quick (throttle slow storage, as {@link #file(Path, Duration)} does); {@link #close()} is
 * called once when the subscription ends and must write what is still pending. Implementations used
 * by one subscription at a time need no synchronization of their own.
 *
 * <p>Across a graceful stop, delivery is exactly once: {@link Subscription#close()} lets the {@code
 * onMessage} in flight finish, delivers nothing after it, saves its id and calls {@link #close()};
 * close the subscription from the application's shutdown hook so that a SIGTERM takes this path
 * (Tidings adds no hook of its own). Across a crash, delivery is at least once: a message delivered
 * after the last write is delivered again by the next process. With an interval of zero that is at
 * most the one message being handled when the process died. With {@link OrderingPolicy#ordered
 * ordered} delivery nothing at or before the loaded id is delivered again when it is a decimal
 * number, even if the server replays it.
 */
public interface CursorStore extends AutoCloseable {
  /** Default pause between two writes of {@link #file(Path, Duration)}: 1 s. */
  Duration DEFAULT_FILE_INTERVAL = Duration.ofSeconds(1);

  /**
   * The id to resume after, or empty to start from the live edge.
   *
   * @throws IOException when the store cannot be read; the subscription does not start
   */
  Optional<String> load() throws IOException;

  /**
   * Records that the message with this id was delivered.
   *
   * @param lastEventId the delivered message's id, not null
   * @throws IOException when the store cannot be written; reported through {@code onError}, and
   *     delivery goes on
   */
  void save(String lastEventId) throws IOException;

  /** Writes what is pending. Called once when the subscription ends. */
  @Override
  void close() throws IOException;

  /**
   * A store in one file holding the last id as UTF-8 text. Writes are atomic (a temporary file
   * moved over the old one), at most one per {@code interval} (a save within the interval is
   * written by the next save after it, or by {@link #close()}).
   *
   * @param file where the id is kept; its folder must exist
   * @param interval the least time between two writes; zero writes on every save
   */
  static CursorStore file(Path file, Duration interval) {
    return new FileCursorStore(file, interval, System::nanoTime);
  }

  /** {@link #file(Path, Duration)} with {@link #DEFAULT_FILE_INTERVAL}. */
  static CursorStore file(Path file) {
    return file(file, DEFAULT_FILE_INTERVAL);
  }
}
