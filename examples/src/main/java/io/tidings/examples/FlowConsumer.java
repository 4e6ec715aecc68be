package io.tidings.examples;

import io.tidings.Message;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Consumes a feed as a {@link Flow.Publisher} ({@link Tidings#publisher}) with back-pressure: the
 * subscriber asks for {@value #BATCH} messages at a time with {@code request(n)}, and Tidings
 * delivers no more than asked; while the subscriber is busy, the delivery queue fills and the
 * network is read no further. Cancelling ends the subscription.
 */
public final class FlowConsumer {
  /** Messages published. */
  static final int COUNT = 20;

  /** Messages requested at a time. */
  static final int BATCH = 5;

  private FlowConsumer() {}

  /** Publishes {@value #COUNT} messages and consumes them {@value #BATCH} at a time. */
  public static void main(String[] args) throws Exception {
    try (ReferenceServer server = ReferenceServer.start()) {
      List<String> expected = server.publish(COUNT);
      SubscriptionConfig config =
          SubscriptionConfig.builder().url(server.url()).transport("longpoll").build();

      BatchSubscriber subscriber = new BatchSubscriber();
      Tidings.publisher(config).subscribe(subscriber);
      List<String> ids = subscriber.done.get(10, TimeUnit.SECONDS);
      if (!ids.equals(expected)) {
        throw new AssertionError("Expected ids " + expected + " but received " + ids);
      }
      System.out.printf("Received %d messages in batches of %d, then cancelled%n", COUNT, BATCH);
    }
  }

  /**
   * Requests {@value #BATCH} messages, handles them, requests the next batch; cancels at the end.
   */
  private static final class BatchSubscriber implements Flow.Subscriber<Message> {
    final CompletableFuture<List<String>> done = new CompletableFuture<>();
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private Flow.Subscription subscription;
    private int outstanding;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      request();
    }

    @Override
    public void onNext(Message message) {
      outstanding--;
      ids.add(message.id());
      System.out.printf("  %s (%d more requested)%n", message.data(), outstanding);
      if (ids.size() == COUNT) {
        subscription.cancel(); // ends the subscription and its connection
        done.complete(ids);
      } else if (outstanding == 0) {
        request(); // only now may more arrive
      }
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      done.completeExceptionally(new IllegalStateException("The feed ended after " + ids));
    }

    private void request() {
      outstanding = BATCH;
      System.out.printf("request(%d)%n", BATCH);
      subscription.request(BATCH);
    }
  }
}
