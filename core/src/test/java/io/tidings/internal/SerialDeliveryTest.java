package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<DeliveryPool> pools = new ArrayList<>();

  @AfterEach
  void shutDown() throws InterruptedException {
    for (DeliveryPool p : pools) {
      p.shutdown();
      assertTrue(p.awaitTermination(WAIT));
    }
  }

  private DeliveryPool pool(int size) {
    DeliveryPool p = new DeliveryPool(size);
    pools.add(p);
    return p;
  }

  /** A drain over a queue of ints that records what it delivered and checks it runs alone. */
  private static class Items implements SerialDelivery.Drain {
    final Queue<Integer> queue = new ConcurrentLinkedQueue<>();
    final List<Integer> delivered = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    final int last;
    final CountDownLatch all;
    volatile CountDownLatch gate; // when set, each item waits for it

    Items(int last) {
      this.last = last;
      this.all = new CountDownLatch(1);
    }

    @Override
    public SerialDelivery.Result drain(int budget) {
      if (inside.incrementAndGet() != 1) {
        overlaps.incrementAndGet();
      }
      try {
        for (int i = 0; i < budget; i++) {
          Integer item = queue.poll();
          if (item == null) {
            return SerialDelivery.Result.IDLE;
          }
          CountDownLatch g = gate;
          if (g != null) {
            await(g);
          }
          delivered.add(item);
          threads.add(Thread.currentThread());
          if (item == last) {
            all.countDown();
            return SerialDelivery.Result.DONE;
          }
        }
        return SerialDelivery.Result.MORE;
      } finally {
        inside.decrementAndGet();
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "latch not opened");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void manyProducersItemsOfEachArriveInOrderOneAtATimeOffTheirThreads() throws Exception {
    int producers = 4;
    int each = 5000;
    Items items = new Items(-1);
    SerialDelivery delivery = new SerialDelivery(pool(2), items, "test");
    List<Thread> threads = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int p = 0; p < producers; p++) {
      int base = p * each;
      Thread t =
          new Thread(
              () -> {
                await(start);
                for (int i = 0; i < each; i++) {
                  items.queue.add(base + i);
                  delivery.signal();
                }
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(WAIT.toMillis());
    }
    awaitCondition(() -> items.delivered.size() == producers * each);
    assertEquals(0, items.overlaps.get(), "two drains ran at once");
    int[] next = new int[producers];
    for (int item : items.delivered) {
      int p = item / each;
      assertEquals(p * each + next[p], item, "out of order");
      next[p]++;
    }
    for (Thread t : items.threads) {
      assertTrue(t.getName().startsWith("tidings-delivery-"), t.getName());
      assertFalse(threads.contains(t));
    }
  }

  @Test
  void aBusySubscriptionYieldsItsThreadAfterABatch() throws Exception {
    DeliveryPool one = pool(1);
    CountDownLatch blocker = new CountDownLatch(1);
    one.execute(() -> await(blocker)); // both drains queue behind this
    List<String> order = new CopyOnWriteArrayList<>();
    Items busy = recordingInto(order, "a");
    Items other = recordingInto(order, "b");
    SerialDelivery a = new SerialDelivery(one, busy, "a");
    SerialDelivery b = new SerialDelivery(one, other, "b");
    for (int i = 0; i < 10 * SerialDelivery.BATCH; i++) {
      busy.queue.add(i);
    }
    a.signal();
    other.queue.add(0);
    b.signal();
    blocker.countDown();
    awaitCondition(() -> order.size() == 10 * SerialDelivery.BATCH + 1);
    assertEquals("b0", order.get(SerialDelivery.BATCH), "b waits one batch of a, not all of it");
  }

  private static Items recordingInto(List<String> order, String name) {
    return new Items(-1) {
      @Override
      public SerialDelivery.Result drain(int budget) {
        for (int i = 0; i < budget; i++) {
          Integer item = queue.poll();
          if (item == null) {
            return SerialDelivery.Result.IDLE;
          }
          order.add(name + item);
        }
        return SerialDelivery.Result.MORE;
      }
    };
  }

  @Test
  void aBlockedListenerHoldsOneThreadAndTheOthersGoOn() throws Exception {
    int size = 3;
    DeliveryPool p = pool(size);
    List<Items> blocked = new ArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < size - 1; i++) {
      Items items = new Items(-1);
      items.gate = release;
      items.queue.add(1);
      new SerialDelivery(p, items, "blocked-" + i).signal();
      blocked.add(items);
    }
    Items free = new Items(3);
    SerialDelivery d = new SerialDelivery(p, free, "free");
    for (int i = 1; i <= 3; i++) {
      free.queue.add(i);
      d.signal();
    }
    assertTrue(free.all.await(10, TimeUnit.SECONDS), "blocked listeners stalled another one");
    assertEquals(List.of(1, 2, 3), free.delivered);
    for (Items b : blocked) {
      assertTrue(b.delivered.isEmpty());
    }
    release.countDown();
    for (Items b : blocked) {
      awaitCondition(() -> b.delivered.size() == 1);
    }
  }

  @Test
  void doneEndsDeliveryAndLaterSignalsAreIgnored() throws Exception {
    Items items = new Items(2);
    SerialDelivery d = new SerialDelivery(pool(2), items, "done");
    assertFalse(d.isDone());
    items.queue.add(1);
    items.queue.add(2);
    items.queue.add(3);
    d.signal();
    assertTrue(d.awaitDone(WAIT));
    assertTrue(d.isDone());
    d.signal();
    assertEquals(List.of(1, 2), items.delivered);
    assertEquals(List.of(3), List.copyOf(items.queue));
  }

  @Test
  void aRefusingExecutorFallsBackToAThreadOfItsOwn() throws Exception {
    Items items = new Items(1);
    Thread caller = Thread.currentThread();
    SerialDelivery d =
        new SerialDelivery(
            task -> {
              throw new RejectedExecutionException("full");
            },
            items,
            "refused");
    items.queue.add(1);
    d.signal();
    assertTrue(d.awaitDone(WAIT));
    assertNotSame(caller, items.threads.get(0));
  }

  @Test
  void aUserExecutorRunsTheDrains() throws Exception {
    ExecutorService user =
        Executors.newFixedThreadPool(2, r -> new Thread(r, "user-" + r.hashCode()));
    try {
      Items items = new Items(3);
      SerialDelivery d = new SerialDelivery(user, items, "user");
      for (int i = 1; i <= 3; i++) {
        items.queue.add(i);
        d.signal();
      }
      assertTrue(d.awaitDone(WAIT));
      assertEquals(List.of(1, 2, 3), items.delivered);
      items.threads.forEach(t -> assertTrue(t.getName().startsWith("user-"), t.getName()));
    } finally {
      user.shutdownNow();
    }
  }

  @Test
  void threadsEndAfterShutdown() throws Exception {
    DeliveryPool p = new DeliveryPool(2);
    Items items = new Items(1);
    SerialDelivery d = new SerialDelivery(p, items, "shut");
    items.queue.add(1);
    d.signal();
    assertTrue(d.awaitDone(WAIT));
    p.shutdown();
    assertTrue(p.awaitTermination(WAIT));
    assertEquals(0, p.threads());
  }

  @Test
  void poolSizeComesFromTheSystemPropertyOrTheProcessorCount() {
    assertEquals(
        Math.max(2, Runtime.getRuntime().availableProcessors()), DeliveryPool.defaultSize());
    String before = System.getProperty(DeliveryPool.SIZE_PROPERTY);
    try {
      System.setProperty(DeliveryPool.SIZE_PROPERTY, "7");
      DeliveryPool p = DeliveryPool.fromSystemProperty();
      pools.add(p);
      assertEquals(7, p.size());
      System.setProperty(DeliveryPool.SIZE_PROPERTY, "lots");
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, DeliveryPool::fromSystemProperty);
      assertTrue(e.getMessage().contains("tidings.delivery.threads=lots"), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(DeliveryPool.SIZE_PROPERTY);
      } else {
        System.setProperty(DeliveryPool.SIZE_PROPERTY, before);
      }
    }
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    SubscriptionEngineTest.awaitCondition(condition);
  }
}
