package io.tidings.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.ConfigurationException;
import io.tidings.EventListener;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.TidingsClient;
import io.tidings.spi.Connection;
import io.tidings.spi.Scheduler;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live subscription: the {@link Subscription} facade over a {@link Pipeline} (the data path) and
 * a {@link LaneCoordinator} (the lanes, their attempts and the state machine). It wires them
 * together at start and waits for every thread at close; it holds no policy of its own.
 */
public final class SubscriptionEngine implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionEngine.class);

  /** How long {@link #close()} waits for threads before interrupting and logging. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final SubscriptionConfig config;
  private final SharedRuntime runtime;
  private final TrackedExecutor executor;
  private final Pipeline pipeline;
  private final LaneCoordinator coordinator;

  private SubscriptionEngine(
      SubscriptionConfig config,
      SubscriptionListener listener,
      List<TransportProvider> providers,
      TidingsClient client,
      SharedRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
    Scheduler scheduler = client.scheduler().orElse(runtime);
    this.executor =
        new TrackedExecutor(client.executor().orElse(null), "tidings-" + config.name() + "-");
    OkHttpClient baseClient = client.httpClient().orElseGet(runtime::client);
    ObjectMapper mapper = client.objectMapper().orElseGet(Json::mapper);
    List<Lane> lanes = new ArrayList<>();
    for (TransportProvider p : providers) {
      LaneContext context =
          new LaneContext(
              config,
              p.name(),
              p.quietPeriod(config),
              scheduler,
              executor,
              baseClient,
              runtime.derivedClients(),
              mapper);
      lanes.add(new Lane(p, context));
    }
    java.util.concurrent.Executor deliverOn = client.executor().orElseGet(runtime::deliveryPool);
    this.pipeline = new Pipeline(config, listener, scheduler, deliverOn);
    ConnectionHooks hooks = new ConnectionHooks(config);
    this.coordinator =
        new LaneCoordinator(
            config,
            pipeline,
            lanes,
            scheduler,
            executor,
            new FailureClassifier(config, hooks.mayBlock()),
            hooks);
    executor.onFailure(coordinator::taskFailed);
  }

  /** Starts a subscription with the default {@link TidingsClient}. */
  public static Subscription start(
      SubscriptionConfig config, SubscriptionListener listener, TransportRegistry registry) {
    return start(config, listener, registry, TidingsClient.defaultClient());
  }

  /**
   * Starts a subscription: resolves the transports (failing fast when one is missing), starts the
   * delivery task and the first connection.
   *
   * @throws ConfigurationException for a missing transport or an executor that refuses the delivery
   *     task
   */
  public static Subscription start(
      SubscriptionConfig config,
      SubscriptionListener listener,
      TransportRegistry registry,
      TidingsClient client) {
    List<TransportProvider> providers = registry.getAll(config.transports());
    for (TransportProvider p : providers) {
      try {
        p.checkOptions(config);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(null, e.getMessage(), e);
      }
    }
    SharedRuntime runtime = SharedRuntime.acquire();
    SubscriptionEngine engine;
    EventListener events;
    try {
      engine = new SubscriptionEngine(config, listener, providers, client, runtime);
      events = client.eventListenerFactory().create(engine);
    } catch (RuntimeException e) {
      runtime.release();
      throw e;
    }
    engine.pipeline.attach(
        engine,
        events == null ? EventListener.NONE : events,
        // Released once every task of the subscription has ended, so that no call of it still
        // holds a pooled connection when the last subscription shuts the shared client down.
        () -> engine.executor.whenIdle(runtime::release),
        engine.coordinator::endAfterFatalListenerError);
    engine.coordinator.attach(engine, events == null ? EventListener.NONE : events);
    engine.coordinator.start();
    return engine;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String transport() {
    return coordinator.transport();
  }

  @Override
  public SubscriptionState state() {
    return coordinator.state();
  }

  @Override
  public boolean awaitState(SubscriptionState wanted, Duration timeout)
      throws InterruptedException {
    return coordinator.awaitState(wanted, timeout);
  }

  @Override
  public Optional<String> lastEventId() {
    return Optional.ofNullable(pipeline.lastDeliveredId());
  }

  @Override
  public SubscriptionStats stats() {
    return pipeline.stats(coordinator.transport());
  }

  @Override
  public CompletionStage<Void> send(String text) {
    Connection c = coordinator.sendable();
    return c == null ? CompletableFuture.failedFuture(coordinator.notSendable()) : c.send(text);
  }

  @Override
  public CompletionStage<Void> send(byte[] bytes) {
    Connection c = coordinator.sendable();
    return c == null ? CompletableFuture.failedFuture(coordinator.notSendable()) : c.send(bytes);
  }

  @Override
  public CompletionStage<Void> switchTransport(String transport) {
    return coordinator.switchTransport(java.util.Objects.requireNonNull(transport, "transport"));
  }

  @Override
  public void reconnectNow() {
    coordinator.reconnectNow();
  }

  @Override
  public void close() {
    coordinator.close();
    SerialDelivery delivery = pipeline.delivery();
    // From a callback, everything but the calling drain is awaited: it ends after the callback.
    boolean onDeliveryThread = delivery.isDeliveryThread();
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    boolean idle =
        executor.awaitIdle(0, CLOSE_TIMEOUT)
            && (onDeliveryThread
                || delivery.awaitDone(Duration.ofNanos(deadline - System.nanoTime())));
    if (!idle) {
      Thread t = delivery.runner();
      log.warn(
          "Subscription '{}': threads still running {} ms after close (a listener callback that"
              + " does not return?); interrupting the delivery thread",
          config.name(),
          CLOSE_TIMEOUT.toMillis());
      if (t != null && !onDeliveryThread) {
        t.interrupt();
      }
    } else if (!onDeliveryThread) {
      // When this was the last subscription, its drain shut the shared threads down: wait for
      // the delivery pool's last thread too, so that no Tidings thread is left when this returns.
      runtime.awaitShutDown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  @Override
  public CompletionStage<Void> closed() {
    return pipeline.closed().minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "Subscription{name="
        + config.name()
        + ", transport="
        + transport()
        + ", state="
        + state()
        + '}';
  }
}
