package io.tidings.benchmarks;

import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Tidings subscription with default policies over one transport. Its executor starts a thread per
 * task, as Tidings does by default, but reports each thread's CPU and allocation when it ends.
 */
final class TidingsClient implements BenchClient {
  private final Subscription subscription;
  private final AtomicLong errors = new AtomicLong();

  TidingsClient(
      String transport,
      String url,
      BenchmarkOptions options,
      ResourceMeter meter,
      DeliveryRecorder sink) {
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .name("bench-" + transport)
            .url(url)
            .transport(transport)
            .shortPollInterval(options.shortPollInterval())
            .shortPollJitter(0)
            // Tidings' default (a thread per task), counted to the end of each thread.
            .executor(new ThreadPerTaskExecutor("tidings-bench-" + transport + "-", meter))
            .build();
    subscription =
        Tidings.subscribe(
            config,
            new SubscriptionListener() {
              @Override
              public void onMessage(Message message) {
                sink.accept(message.data());
              }

              @Override
              public void onError(TidingsException error) {
                errors.incrementAndGet();
              }
            });
  }

  /** Errors the subscription reported (a healthy run has none). */
  long errors() {
    return errors.get();
  }

  @Override
  public void close() {
    subscription.close();
  }
}
