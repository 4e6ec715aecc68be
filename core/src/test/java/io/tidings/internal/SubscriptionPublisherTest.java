package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.Message;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscriptionPublisherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final FakeTransport transport = new FakeTransport();

  private static class Subscriber implements Flow.Subscriber<Message> {
    final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      signals.add("subscribed");
    }

    @Override
    public void onNext(Message item) {
      signals.add(item.id());
    }

    @Override
    public void onError(Throwable throwable) {
      signals.add(throwable);
    }

    @Override
    public void onComplete() {
      signals.add("complete");
    }

    Object next() throws InterruptedException {
      Object s = signals.poll(10, TimeUnit.SECONDS);
      if (s == null) {
        throw new AssertionError("no signal within 10 s");
      }
      return s;
    }
  }

  private SubscriptionPublisher publisher(SubscriptionConfig.Builder b) {
    return new SubscriptionPublisher(
        b.url("http://localhost:1/").transport("fake").build(), transport.registry());
  }

  @Test
  void deliversNoMoreThanRequested() throws Exception {
    Subscriber s = new Subscriber();
    publisher(SubscriptionConfig.builder().deliveryQueueCapacity(4)).subscribe(s);
    assertEquals("subscribed", s.next());
    FakeConnection c = transport.nextConnection(WAIT).open();
    s.subscription.request(2);
    CountDownLatch sent = new CountDownLatch(1);
    Thread producer =
        new Thread(
            () -> {
              c.messages("1", "2", "3", "4", "5", "6", "7", "8");
              sent.countDown();
            });
    producer.start();
    assertEquals("1", s.next());
    assertEquals("2", s.next());
    assertNull(s.signals.poll(200, TimeUnit.MILLISECONDS), "nothing beyond demand");
    assertTrue(sent.getCount() == 1, "the producer is held back by demand");
    s.subscription.request(Long.MAX_VALUE);
    for (int i = 3; i <= 8; i++) {
      assertEquals(String.valueOf(i), s.next());
    }
    assertTrue(sent.await(10, TimeUnit.SECONDS));
    s.subscription.cancel();
    c.awaitClosed(WAIT);
    assertNull(s.signals.poll(100, TimeUnit.MILLISECONDS), "no signal after cancel");
  }

  @Test
  void subscribersWithoutDemandHoldNoDeliveryThread() throws Exception {
    int pool = DeliveryPool.defaultSize();
    List<Subscriber> idle = new ArrayList<>();
    for (int i = 0; i <= pool; i++) { // more than the pool has threads
      Subscriber s = new Subscriber();
      publisher(SubscriptionConfig.builder().name("no-demand-" + i)).subscribe(s);
      assertEquals("subscribed", s.next());
      transport.nextConnection(WAIT).open().messages("1", "2");
      idle.add(s);
    }
    Subscriber busy = new Subscriber();
    publisher(SubscriptionConfig.builder().name("with-demand")).subscribe(busy);
    assertEquals("subscribed", busy.next());
    busy.subscription.request(Long.MAX_VALUE);
    transport.nextConnection(WAIT).open().messages("1", "2");
    assertEquals("1", busy.next());
    assertEquals("2", busy.next());
    for (Subscriber s : idle) {
      assertNull(s.signals.poll(), "nothing without demand");
      s.subscription.request(1);
      assertEquals("1", s.next());
      s.subscription.cancel();
    }
    busy.subscription.cancel();
  }

  @Test
  void givingUpSignalsOnError() throws Exception {
    Subscriber s = new Subscriber();
    publisher(SubscriptionConfig.builder().reconnectPolicy(ReconnectPolicy.never())).subscribe(s);
    assertEquals("subscribed", s.next());
    transport.nextConnection(WAIT).fail(new HttpStatusException(500, "HTTP 500", null));
    assertInstanceOf(GaveUpException.class, s.next());
  }

  @Test
  void serverEndSignalsOnComplete() throws Exception {
    Subscriber s = new Subscriber();
    publisher(SubscriptionConfig.builder()).subscribe(s);
    assertEquals("subscribed", s.next());
    transport.nextConnection(WAIT).open().fail(new HttpStatusException(204, "HTTP 204", null));
    assertEquals("complete", s.next());
  }

  @Test
  void nonPositiveRequestInsideOnSubscribeIsAnError() throws Exception {
    Subscriber s =
        new Subscriber() {
          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            super.onSubscribe(subscription);
            subscription.request(0);
          }
        };
    publisher(SubscriptionConfig.builder()).subscribe(s);
    assertEquals("subscribed", s.next());
    assertInstanceOf(IllegalArgumentException.class, s.next());
    FakeConnection c = transport.pollConnection();
    if (c != null) {
      c.awaitClosed(WAIT); // the subscription was closed, not left running
    }
  }

  @Test
  void nonPositiveRequestIsAnError() throws Exception {
    Subscriber s = new Subscriber();
    publisher(SubscriptionConfig.builder()).subscribe(s);
    assertEquals("subscribed", s.next());
    transport.nextConnection(WAIT).open().messages("1");
    s.subscription.request(0);
    assertInstanceOf(IllegalArgumentException.class, s.next());
  }
}
