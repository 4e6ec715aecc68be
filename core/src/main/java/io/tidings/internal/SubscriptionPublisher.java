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
 * honoured through {@link DemandGate}: without demand the next message is held, the delivery thread
 * is let go (a subscriber without demand holds no pool thread), the delivery queue fills, and the
 * transport stops reading (back-pressure); {@code request(n)} resumes delivery. Every signal after
 * {@code onSubscribe} comes from the subscription's serial delivery, so signals are serial.
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
  private static final class Bridge implements Flow.Subscription, SubscriptionListener, DemandGate {
    private final Flow.Subscriber<? super Message> subscriber;
    private final Object lock = new Object();
    private Runnable wake;
    private boolean waiting; // tryAcquire refused: wake on the next request(n)
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
        }
        closeSubscription();
        return;
      }
      Runnable toWake = null;
      synchronized (lock) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        if (waiting) {
          waiting = false;
          toWake = wake;
        }
      }
      if (toWake != null) {
        toWake.run();
      }
    }

    @Override
    public void onWake(Runnable wake) {
      synchronized (lock) {
        this.wake = wake;
      }
    }

    @Override
    public boolean tryAcquire() {
      synchronized (lock) {
        if (cancelled || protocolError != null) {
          return true; // onMessage drops it
        }
        if (demand > 0) {
          demand--;
          return true;
        }
        waiting = true;
        return false;
      }
    }

    @Override
    public void cancel() {
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        cancelled = true;
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

    /** Called after {@link #tryAcquire()} said yes, which used the unit of demand. */
    @Override
    public void onMessage(Message message) {
      synchronized (lock) {
        if (cancelled || protocolError != null) {
          return;
        }
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
