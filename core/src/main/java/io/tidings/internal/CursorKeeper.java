package io.tidings.internal;

import io.tidings.ConfigurationException;
import io.tidings.CursorStore;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's use of its {@link CursorStore}: the id to start after (the store's, else {@code
 * startAfter}), a save after each delivered message, a timer that has an id the {@link
 * FileCursorStore}'s interval held back written once the interval has passed (through the delivery
 * queue, so the write happens on the delivery thread too), the flush on close. Used by the delivery
 * thread only, after construction.
 */
final class CursorKeeper {
  private static final Logger log = LoggerFactory.getLogger(CursorKeeper.class);

  private final String name;
  private final CursorStore store;
  private final String initialId;
  private final Scheduler scheduler;
  private final Runnable requestFlush;
  private boolean failing; // the last save failed: report only the first of a run of failures
  private boolean closed;
  private Runnable flushTimer; // cancels the pending held-back write, or null

  private CursorKeeper(
      String name, CursorStore store, String initialId, Scheduler scheduler, Runnable flush) {
    this.name = name;
    this.store = store;
    this.initialId = initialId;
    this.scheduler = scheduler;
    this.requestFlush = flush;
  }

  /**
   * Loads the store of {@code config}, if any.
   *
   * @param scheduler times the write of a held-back id
   * @param requestFlush queues a call of {@link #flushHeldBack()} on the delivery thread; quick
   * @throws ConfigurationException when the store cannot be read: the subscription does not start
   */
  static CursorKeeper open(SubscriptionConfig config, Scheduler scheduler, Runnable requestFlush) {
    Optional<CursorStore> store = config.cursorStore();
    String start = config.startAfter().orElse(null);
    if (store.isEmpty()) {
      return new CursorKeeper(config.name(), null, start, scheduler, requestFlush);
    }
    Optional<String> loaded;
    try {
      loaded = store.get().load();
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          "tidings.cursor-store",
          "The cursor store "
              + store.get()
              + " cannot be read ("
              + e
              + "); fix or delete it to start from tidings.resume.start-after or the live edge",
          e);
    }
    return new CursorKeeper(
        config.name(), store.get(), loaded.orElse(start), scheduler, requestFlush);
  }

  /** The id to resume after when the subscription starts, or null. */
  String initialId() {
    return initialId;
  }

  /** True when there is a store to save to. */
  boolean isActive() {
    return store != null;
  }

  /**
   * Saves the id of a delivered message.
   *
   * @return the error to report when this save started a run of failures, else null
   */
  TidingsException delivered(String id) {
    try {
      store.save(id);
      failing = false;
      armFlushTimer();
      return null;
    } catch (IOException | RuntimeException e) {
      if (failing) {
        return null;
      }
      failing = true;
      return new TidingsException(
          io.tidings.FailureKind.CONFIGURATION,
          "The cursor store "
              + store
              + " cannot be written ("
              + e
              + "); delivery goes on, but a restart may deliver messages again",
          e);
    }
  }

  private void armFlushTimer() {
    if (flushTimer != null || !(store instanceof FileCursorStore)) {
      return;
    }
    Duration due = ((FileCursorStore) store).heldBack();
    if (due != null) {
      flushTimer = scheduler.schedule(requestFlush, due);
    }
  }

  /** The held-back write is due: writes it (a failure is logged; the next save tries again). */
  void flushHeldBack() {
    flushTimer = null;
    if (closed || !(store instanceof FileCursorStore)) {
      return;
    }
    try {
      ((FileCursorStore) store).flushHeldBack();
    } catch (IOException | RuntimeException e) {
      log.debug("Subscription '{}': the cursor store {} could not be written: {}", name, store, e);
    }
  }

  /** Writes what is pending; once. */
  void close() {
    if (store == null || closed) {
      return;
    }
    closed = true;
    if (flushTimer != null) {
      flushTimer.run();
      flushTimer = null;
    }
    try {
      store.close();
    } catch (IOException | RuntimeException e) {
      log.warn("Subscription '{}': the cursor store {} could not be flushed: {}", name, store, e);
    }
  }
}
