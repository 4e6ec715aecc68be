package io.tidings.internal;

import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.TidingsClient;
import io.tidings.TidingsException;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Tidings.publisher(config)}: each Flow subscriber gets its own subscription. Demand is
 * honoured on the delivery thread: it waits for {@code request(n)}, the delivery queue fills, and
 * the transport stops reading (back-pressure). Every signal after {@code onSubscribe} comes from
 * the delivery thread, so signals are serial.
 */
public final class SubscriptionPublisher implements Flow.Publisher<Message> {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionPublisher.class);

  private final SubscriptionConfig config;
  private final TransportRegistry registry;
  private final TidingsClient client;

  /** A publisher of subscriptions to {@code config}, started on the default client. */
  public SubscriptionPublisher(SubscriptionConfig config, TransportRegistry registry) {
    this(config, registry, TidingsClient.defaultClient());
  }

  /** A publisher of subscriptions to {@code config}, started on {@code client}. */
  public SubscriptionPublisher(
      SubscriptionConfig config, TransportRegistry registry, TidingsClient client) {
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Message> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Bridge bridge = new Bridge(subscriber);
    subscriber.onSubscribe(bridge);
    Subscription sub;
    try {
      sub = SubscriptionEngine.start(config, bridge, registry, client);
    } catch (TidingsException e) {
      bridge.failBeforeStart(e);
      return;
    }
    bridge.attach(sub);
  }

  /** Flow subscription and Tidings listener in one. Thread-safe. */
  private static final class Bridge implements Flow.Subscription, SubscriptionListener {
    private final Flow.Subscriber<? super Message> subscriber;
    private final Object lock = new Object();
    private long demand;
    private boolean cancelled;
    private Throwable protocolError;
    private Subscription subscription;

    Bridge(Flow.Subscriber<? super Message> subscriber) {
      this.subscriber = subscriber;
    }

    void attach(Subscription sub) {
      boolean closeNow;
      synchronized (lock) {
        subscription = sub;
        closeNow = cancelled || protocolError != null; // request(n <= 0) inside onSubscribe
      }
      if (closeNow) {
        sub.close();
      }
    }

    void failBeforeStart(TidingsException e) {
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        cancelled = true;
      }
      subscriber.onError(e);
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        synchronized (lock) {
          protocolError =
              new IllegalArgumentException("request(" + n + "): Flow requires n > 0 (rule 3.9)");
          lock.notifyAll();
        }
        closeSubscription();
        return;
      }
      synchronized (lock) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        lock.notifyAll();
      }
    }

    @Override
    public void cancel() {
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        lock.notifyAll();
      }
      closeSubscription();
    }

    private void closeSubscription() {
      Subscription sub;
      synchronized (lock) {
        sub = subscription;
      }
      if (sub != null) {
        sub.close();
      }
    }

    @Override
    public void onMessage(Message message) {
      synchronized (lock) {
        while (demand == 0 && !cancelled && protocolError == null) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (cancelled || protocolError != null) {
          return;
        }
        demand--;
      }
      try {
        subscriber.onNext(message);
      } catch (RuntimeException e) {
        log.warn("Flow subscriber threw from onNext; cancelling (rule 2.13)", e);
        cancel();
      }
    }

    @Override
    public void onClosed(Throwable cause) {
      Throwable error;
      synchronized (lock) {
        if (cancelled && protocolError == null) {
          return;
        }
        cancelled = true;
        error = protocolError != null ? protocolError : cause;
      }
      if (error != null) {
        subscriber.onError(error);
      } else {
        subscriber.onComplete();
      }
    }
  }
}
