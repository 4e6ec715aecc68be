package io.tidings.internal;

import io.tidings.Message;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between the network and the delivery thread. Messages, and errors a connection reports
 * ({@link #addCounted}), count against the capacity, so a server that floods malformed data is
 * paused like one that floods messages; events from timers (state changes, gaps, the reason a
 * connection ended) do not, so timers never block. Producers call {@link #awaitSpace()} before
 * reading more from the network: that is the back-pressure. The queue is bounded twice: in messages
 * ({@code tidings.delivery.queue-capacity}) and in bytes ({@code tidings.delivery.queue-bytes},
 * each {@link Message} counted by {@link Message#size()}); either limit pauses producers. Adding
 * never blocks, so one batch (a chunk of at most a few hundred messages or about one maximum
 * message size) may overshoot by its size. One consumer. Thread-safe.
 */
final class DeliveryQueue {
  private final int capacity;
  private final long byteCapacity;
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition hasSpace = lock.newCondition();
  private int messages;
  private long bytes;
  private int producersWaiting;
  private boolean closed;

  DeliveryQueue(int capacity) {
    this(capacity, Long.MAX_VALUE);
  }

  DeliveryQueue(int capacity, long byteCapacity) {
    this.capacity = capacity;
    this.byteCapacity = byteCapacity;
  }

  private boolean full() {
    return messages >= capacity || bytes >= byteCapacity;
  }

  private static long sizeOf(Object item) {
    return item instanceof Message ? ((Message) item).size() : 0;
  }

  /**
   * Blocks while the queue holds {@code capacity} messages or more.
   *
   * @return false when the queue was closed (stop producing)
   */
  boolean awaitSpace() {
    lock.lock();
    try {
      if (!full() || closed) {
        return !closed;
      }
      producersWaiting++;
      try {
        while (full() && !closed) {
          hasSpace.awaitUninterruptibly();
        }
      } finally {
        producersWaiting--;
      }
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /** True while a producer waits for space: the network is paused by the listener, not stalled. */
  boolean isProducerWaiting() {
    lock.lock();
    try {
      return producersWaiting > 0;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a message (counts against capacity, never blocks). Ignored once closed. */
  void addMessage(Object message) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      items.addLast(message);
      messages++;
      bytes += sizeOf(message);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Adds an event that counts against capacity like a message (never blocks). */
  void addCounted(Object event) {
    addMessage(new Counted(event));
  }

  /** Adds an event (never blocks, not counted). Ignored once closed. */
  void addEvent(Object event) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      items.addLast(event);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds the final events and accepts nothing more; wakes waiting producers.
   *
   * @param dropQueued true to drop what is queued (the application closed), false to deliver it
   *     first (the subscription ended on its own)
   */
  void close(boolean dropQueued, Object... finalEvents) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (dropQueued) {
        items.clear();
        messages = 0;
        bytes = 0;
      }
      for (Object e : finalEvents) {
        items.addLast(e);
      }
      notEmpty.signalAll();
      hasSpace.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next item, blocking until there is one.
   *
   * @return the item; null only when interrupted
   */
  Object take(Class<?> messageType) {
    lock.lock();
    try {
      while (items.isEmpty()) {
        try {
          notEmpty.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      Object item = items.removeFirst();
      boolean counted = item instanceof Counted;
      if (counted || messageType.isInstance(item)) {
        messages--;
        bytes -= sizeOf(item);
        if (producersWaiting > 0 && !full()) {
          hasSpace.signalAll();
        }
      }
      return counted ? ((Counted) item).event : item;
    } finally {
      lock.unlock();
    }
  }

  private record Counted(Object event) {}

  /** Bytes of messages queued now. */
  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Messages (and counted events) queued now. */
  int size() {
    lock.lock();
    try {
      return messages;
    } finally {
      lock.unlock();
    }
  }
}
