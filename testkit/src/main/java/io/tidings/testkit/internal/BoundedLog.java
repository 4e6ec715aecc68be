package io.tidings.testkit.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An append-only log keeping the first {@code capacity} items; later ones are not kept.
 * Thread-safe; appending is lock-free and copies nothing.
 */
final class BoundedLog<T> {
  private final int capacity;
  private final AtomicInteger size = new AtomicInteger();
  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();

  BoundedLog(int capacity) {
    this.capacity = capacity;
  }

  /** Appends {@code item} unless the log is full; true when it was kept. */
  boolean add(T item) {
    int n;
    do {
      n = size.get();
      if (n >= capacity) {
        return false;
      }
    } while (!size.compareAndSet(n, n + 1));
    items.add(item);
    return true;
  }

  /** The items kept so far, oldest first. */
  List<T> snapshot() {
    return List.copyOf(items);
  }
}
