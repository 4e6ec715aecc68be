package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.Message;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.ReferenceServerExtension;
import io.tidings.testkit.junit.ServerUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.channels.BufferOverflow;
import kotlinx.coroutines.flow.FlowKt;
import kotlinx.coroutines.jdk9.ReactiveFlowKt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's Kotlin {@code Flow} snippet, driven from Java: {@code
 * Tidings.publisher(config).asFlow().buffer(4).take(20).toList()} calls the same
 * kotlinx-coroutines-jdk9 and kotlinx-coroutines-core functions a Kotlin caller does (their JVM
 * facades {@code ReactiveFlowKt} and {@code FlowKt}, inside {@code runBlocking}). The demand the
 * flow asks for is recorded where it reaches the Tidings subscription.
 */
@ExtendWith(ReferenceServerExtension.class)
class KotlinFlowAdapterTest {
  private final List<Long> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong overDelivered = new AtomicLong();

  @Test
  void asFlowAsksForWhatItsBufferHolds(@ServerUrl String url, ReferenceServer server)
      throws InterruptedException {
    SubscriptionConfig config = SubscriptionConfig.builder().url(url).transport("sse").build();
    server.publish(20); // replayed to the subscriber, which sends no cursor
    List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList();

    kotlinx.coroutines.flow.Flow<Message> flow =
        FlowKt.take(
            FlowKt.buffer(
                ReactiveFlowKt.asFlow(counting(Tidings.publisher(config))),
                4,
                BufferOverflow.SUSPEND),
            20);
    List<? extends Message> got =
        BuildersKt.<List<? extends Message>>runBlocking(
            EmptyCoroutineContext.INSTANCE,
            (scope, continuation) -> FlowKt.toList(flow, new ArrayList<Message>(), continuation));
    assertEquals(ids, got.stream().map(Message::id).toList());
    assertTrue(requests.stream().allMatch(n -> n <= 4), "requests " + requests);
    assertTrue(requested.get() >= 20, "requests " + requests);
    assertEquals(0, overDelivered.get(), "messages delivered beyond the demand");
  }

  /**
   * The publisher, recording each request(n) that reaches the Tidings subscription and counting
   * messages delivered beyond the demand so far.
   */
  private Flow.Publisher<Message> counting(Flow.Publisher<Message> publisher) {
    AtomicLong delivered = new AtomicLong();
    return subscriber ->
        publisher.subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscriber.onSubscribe(
                    new Flow.Subscription() {
                      @Override
                      public void request(long n) {
                        requests.add(n);
                        requested.addAndGet(n);
                        s.request(n);
                      }

                      @Override
                      public void cancel() {
                        s.cancel();
                      }
                    });
              }

              @Override
              public void onNext(Message item) {
                if (delivered.incrementAndGet() > requested.get()) {
                  overDelivered.incrementAndGet();
                }
                subscriber.onNext(item);
              }

              @Override
              public void onError(Throwable t) {
                subscriber.onError(t);
              }

              @Override
              public void onComplete() {
                subscriber.onComplete();
              }
            });
  }
}
