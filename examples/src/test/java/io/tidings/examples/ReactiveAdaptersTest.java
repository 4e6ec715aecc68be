package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivex.rxjava3.core.Flowable;
import io.tidings.Message;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.ReferenceServerExtension;
import io.tidings.testkit.junit.ServerUrl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.FlowAdapters;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * The README's reactive snippets: {@link Tidings#publisher} through Reactor and RxJava 3, with the
 * demand each library asks for recorded where it reaches the Tidings subscription.
 */
@ExtendWith(ReferenceServerExtension.class)
class ReactiveAdaptersTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<Long> requests = new CopyOnWriteArrayList<>();
  private SubscriptionConfig config;
  private List<String> ids;

  @BeforeEach
  void feed(@ServerUrl String url, ReferenceServer server) {
    config = SubscriptionConfig.builder().url(url).transport("sse").build();
    if (server.lastId() == null) {
      server.publish(20); // one feed for the class, replayed to each subscriber without a cursor
    }
    ids = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList();
  }

  @Test
  void reactorFlux() {
    Flux<Message> flux = JdkFlowAdapter.flowPublisherToFlux(counting(Tidings.publisher(config)));
    List<String> got = flux.limitRate(5).take(20).map(Message::id).collectList().block(WAIT);
    assertEquals(ids, got);
    assertDemandBoundedBy(5);
  }

  @Test
  void rxJavaFlowable() {
    Flowable<Message> flowable =
        Flowable.fromPublisher(FlowAdapters.toPublisher(counting(Tidings.publisher(config))));
    List<String> got = flowable.rebatchRequests(3).take(20).map(Message::id).toList().blockingGet();
    assertEquals(ids, got);
    assertDemandBoundedBy(3);
  }

  @Test
  void theReadmeSnippetsAsWritten() {
    // Reactor (reactor-core): asks for 5 at a time
    Flux<Message> flux = JdkFlowAdapter.flowPublisherToFlux(Tidings.publisher(config));
    List<String> fromReactor =
        flux.limitRate(5).take(20).map(Message::id).collectList().block(Duration.ofSeconds(20));

    // RxJava 3 through reactive-streams' FlowAdapters: asks for 3 at a time
    Flowable<Message> flowable =
        Flowable.fromPublisher(FlowAdapters.toPublisher(Tidings.publisher(config)));
    List<String> fromRxJava =
        flowable.rebatchRequests(3).take(20).map(Message::id).toList().blockingGet();

    assertEquals(ids, fromReactor);
    assertEquals(ids, fromRxJava);
  }

  private void assertDemandBoundedBy(long batch) {
    assertTrue(requests.stream().allMatch(n -> n <= batch), "requests " + requests);
    assertTrue(requests.stream().mapToLong(Long::longValue).sum() >= 20, "requests " + requests);
  }

  /** The publisher, recording each request(n) that reaches the Tidings subscription. */
  private Flow.Publisher<Message> counting(Flow.Publisher<Message> publisher) {
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
