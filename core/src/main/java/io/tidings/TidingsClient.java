package io.tidings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.internal.SubscriptionEngine;
import io.tidings.internal.SubscriptionPublisher;
import io.tidings.internal.TransportRegistry;
import io.tidings.spi.Scheduler;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import okhttp3.OkHttpClient;

/**
 * The runtime a set of subscriptions shares: the executor for blocking work and delivery, the
 * OkHttp client, the Jackson mapper, the operator {@link EventListener} and the {@link Scheduler}.
 * What to subscribe to stays in the immutable {@link SubscriptionConfig} value; what runs it lives
 * here. Build one per application and reuse it; it holds no threads of its own (threads live as
 * long as some subscription does) and needs no closing.
 *
 * <pre>{@code
 * TidingsClient client = Tidings.builder().httpClient(myOkHttp).eventListener(metrics).build();
 * try (Subscription sub = client.subscribe(config, message -> handle(message))) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link Tidings#subscribe} uses a client with every default.
 */
public final class TidingsClient {
  private static final TidingsClient DEFAULT = new Builder().build();

  private final Executor executor;
  private final OkHttpClient httpClient;
  private final ObjectMapper objectMapper;
  private final EventListener.Factory eventListenerFactory;
  private final Scheduler scheduler;

  private TidingsClient(Builder b) {
    this.executor = b.executor;
    this.httpClient = b.httpClient;
    this.objectMapper = b.objectMapper;
    this.eventListenerFactory = b.eventListenerFactory;
    this.scheduler = b.scheduler;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The client with every default, used by {@link Tidings}'s static methods. */
  public static TidingsClient defaultClient() {
    return DEFAULT;
  }

  /** A builder holding this client's values. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.executor = executor;
    b.httpClient = httpClient;
    b.objectMapper = objectMapper;
    b.eventListenerFactory = eventListenerFactory;
    b.scheduler = scheduler;
    return b;
  }

  /**
   * Starts a subscription. Returns at once; the first connection is made in the background.
   *
   * @param config what to subscribe to and how, not null
   * @param listener receives messages and events, not null
   * @throws ConfigurationException when the configured transport is not on the class path, or the
   *     executor refuses the subscription's delivery task
   */
  public Subscription subscribe(SubscriptionConfig config, SubscriptionListener listener) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    return SubscriptionEngine.start(config, listener, TransportRegistry.global(), this);
  }

  /**
   * A cold {@link Flow.Publisher}: each {@code subscribe} starts its own subscription on this
   * client, as {@link Tidings#publisher} describes.
   */
  public Flow.Publisher<Message> publisher(SubscriptionConfig config) {
    Objects.requireNonNull(config, "config");
    return new SubscriptionPublisher(config, TransportRegistry.global(), this);
  }

  /** The names of the transports found on the class path, sorted. */
  public Set<String> transports() {
    return TransportRegistry.global().names();
  }

  /** See {@link Builder#executor}; empty means Tidings starts its own named threads. */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /** See {@link Builder#httpClient}; empty means Tidings' shared client. */
  public Optional<OkHttpClient> httpClient() {
    return Optional.ofNullable(httpClient);
  }

  /** See {@link Builder#objectMapper}; empty means Tidings' shared mapper. */
  public Optional<ObjectMapper> objectMapper() {
    return Optional.ofNullable(objectMapper);
  }

  /** See {@link Builder#eventListenerFactory}; never null. */
  public EventListener.Factory eventListenerFactory() {
    return eventListenerFactory;
  }

  /** See {@link Builder#scheduler}; empty means the shared timer thread and the system clock. */
  public Optional<Scheduler> scheduler() {
    return Optional.ofNullable(scheduler);
  }

  /** Builds a {@link TidingsClient}. Not thread-safe. */
  public static final class Builder {
    private Executor executor;
    private OkHttpClient httpClient;
    private ObjectMapper objectMapper;
    private EventListener.Factory eventListenerFactory = subscription -> EventListener.NONE;
    private Scheduler scheduler;

    private Builder() {}

    /**
     * Runs the listener callbacks of each subscription (as short tasks, one at a time, in order)
     * and its blocking I/O (one task per blocking read). It must start every task promptly and may
     * not run them on the caller's thread. {@code Executors.newVirtualThreadPerTaskExecutor()} fits
     * well on JDK 21+. Null (the default) delivers on Tidings' shared, bounded delivery pool and
     * starts a named thread per blocking read: a virtual thread on JDK 21+, a platform thread on
     * JDK 17. Tidings never shuts down an executor it was given.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * The OkHttp client to derive connections from (sharing its pool and dispatcher). Null (the
     * default) uses Tidings' shared client, whose dispatcher has no request limits. Tidings never
     * shuts down a client it was given. Each open WebSocket holds one of the dispatcher's running
     * calls for its lifetime, so with OkHttp's default {@code Dispatcher} (64 calls) the 65th
     * WebSocket of that client waits: raise {@code Dispatcher.setMaxRequests} for many sockets.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * The Jackson mapper for envelopes and {@link Message#as}; null (the default) for Tidings'
     * shared one.
     */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = objectMapper;
      return this;
    }

    /** One operator listener for every subscription of the client; see {@link EventListener}. */
    public Builder eventListener(EventListener eventListener) {
      Objects.requireNonNull(eventListener, "eventListener");
      this.eventListenerFactory = subscription -> eventListener;
      return this;
    }

    /** Creates an operator listener per subscription; default {@link EventListener#NONE}. */
    public Builder eventListenerFactory(EventListener.Factory factory) {
      this.eventListenerFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * The clock and timer of every delay (backoff, stall checks, gap timeouts, polling intervals).
     * Null (the default) uses one shared daemon timer thread and {@link System#nanoTime()}. Meant
     * for tests on virtual time; Tidings never shuts a given scheduler down.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** Builds the client. */
    public TidingsClient build() {
      return new TidingsClient(this);
    }
  }
}
