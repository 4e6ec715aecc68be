package io.tidings.shortpoll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.Capability;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The short-poll provider with a context that records every delay it is asked to {@link
 * TransportContext#schedule}: the pauses the poller chose between polls (it schedules nothing
 * else), in order.
 */
final class PauseRecorder implements TransportProvider {
  private final TransportProvider delegate = new ShortPollTransportProvider();
  private final List<Duration> pauses = new ArrayList<>();

  /** The pauses chosen so far. */
  List<Duration> pauses() {
    synchronized (pauses) {
      return List.copyOf(pauses);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    return delegate.quietPeriod(config);
  }

  @Override
  public Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener) {
    return delegate.connect(new Recording(context), cursor, listener);
  }

  private final class Recording implements TransportContext {
    private final TransportContext context;

    Recording(TransportContext context) {
      this.context = context;
    }

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
      synchronized (pauses) {
        pauses.add(delay);
      }
      return context.schedule(task, delay);
    }

    @Override
    public SubscriptionConfig config() {
      return context.config();
    }

    @Override
    public String transportName() {
      return context.transportName();
    }

    @Override
    public HttpUrl url() {
      return context.url();
    }

    @Override
    public Headers headers() {
      return context.headers();
    }

    @Override
    public OkHttpClient httpClient() {
      return context.httpClient();
    }

    @Override
    public Executor executor() {
      return context.executor();
    }

    @Override
    public ObjectMapper objectMapper() {
      return context.objectMapper();
    }

    @Override
    public Duration stallTimeout() {
      return context.stallTimeout();
    }
  }
}
