package io.tidings.internal;

import io.tidings.Message;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between the network and the subscription's {@link SerialDelivery}. Messages, and errors
 * a connection reports ({@link #addCounted}), count against the capacity, so a server that floods
 * malformed data is paused like one that floods messages; events from timers (state changes, gaps,
 * the reason a connection ended) do not, so timers never block. Producers call {@link
 * #awaitSpace()} before reading more from the network: that is the back-pressure. The queue is
 * bounded twice: in messages ({@code tidings.delivery.queue-capacity}) and in bytes ({@code
 * tidings.delivery.queue-bytes}, each {@link Message} counted by {@link Message#size()}); either
 * limit pauses producers. Adding never blocks, so one batch (a chunk of at most a few hundred
 * messages or about one maximum message size) may overshoot by its size. Each add runs {@code
 * onAdded} after the item is in (outside this queue's lock), to wake the consumer. One consumer,
 * which never blocks ({@link #poll}). Thread-safe.
 */
final class DeliveryQueue {
  private final int capacity;
  private final long byteCapacity;
  private final Runnable onAdded;
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition hasSpace = lock.newCondition();
  private int messages;
  private long bytes;
  private int producersWaiting;
  private boolean closed;

  /**
   * @param capacity messages (and counted events) above which producers wait
   * @param onAdded run after each add, on the adding thread; must not block
   */
  DeliveryQueue(int capacity, Runnable onAdded) {
    this(capacity, Long.MAX_VALUE, onAdded);
  }

  /**
   * @param capacity messages (and counted events) above which producers wait
   * @param byteCapacity bytes of queued messages above which producers wait
   * @param onAdded run after each add, on the adding thread; must not block
   */
  DeliveryQueue(int capacity, long byteCapacity, Runnable onAdded) {
    this.capacity = capacity;
    this.byteCapacity = byteCapacity;
    this.onAdded = onAdded;
  }

  private boolean full() {
    return messages >= capacity || bytes >= byteCapacity;
  }

  private static long sizeOf(Object item) {
    return item instanceof Message ? ((Message) item).size() : 0;
  }

  /**
   * Blocks while the queue holds {@code capacity} messages or {@code byteCapacity} bytes or more.
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
    } finally {
      lock.unlock();
    }
    onAdded.run();
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
    } finally {
      lock.unlock();
    }
    onAdded.run();
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
      hasSpace.signalAll();
    } finally {
      lock.unlock();
    }
    onAdded.run();
  }

  /**
   * Takes the next item without waiting.
   *
   * @param messageType items of this type count against the capacity (as counted events do)
   * @return the item, or null when there is none
   */
  Object poll(Class<?> messageType) {
    lock.lock();
    try {
      Object item = items.pollFirst();
      if (item == null) {
        return null;
      }
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
