package io.tidings.benchmarks;

import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.shortpoll.ShortPollTransportProvider;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Tidings subscription (on a client from {@link Tidings#builder}) with default policies over one
 * transport, short-poll jitter 0.
 */
final class TidingsClient implements BenchClient {
  private final Subscription subscription;
  private final AtomicLong errors = new AtomicLong();

  /**
   * @param name the subscription's name
   * @param executor the subscription's executor, or null for Tidings' own threads
   */
  TidingsClient(
      String name,
      String transport,
      String url,
      Duration shortPollInterval,
      Executor executor,
      DeliveryRecorder sink) {
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .name(name)
            .url(url)
            .transport(transport)
            .option(ShortPollTransportProvider.INTERVAL, shortPollInterval)
            .option(ShortPollTransportProvider.JITTER, 0.0)
            .build();
    subscription =
        Tidings.builder()
            .executor(executor)
            .build()
            .subscribe(
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
