package io.tidings.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.TransportContext;
import java.time.Duration;
import java.util.concurrent.Executor;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Core's {@link TransportContext} for one connection attempt: the lane's values plus this attempt's
 * headers and number (the seam per-connect credentials and request shaping use). Immutable.
 */
final class AttemptContext implements TransportContext {
  private final LaneContext lane;
  private final int attempt;
  private final Headers headers;

  AttemptContext(LaneContext lane, int attempt, Headers headers) {
    this.lane = lane;
    this.attempt = attempt;
    this.headers = headers;
  }

  @Override
  public SubscriptionConfig config() {
    return lane.config();
  }

  @Override
  public String transportName() {
    return lane.transportName();
  }

  @Override
  public HttpUrl url() {
    return lane.url();
  }

  @Override
  public Headers headers() {
    return headers;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public long nanoTime() {
    return lane.scheduler().nanoTime();
  }

  @Override
  public OkHttpClient httpClient() {
    return lane.httpClient();
  }

  @Override
  public Executor executor() {
    return lane.executor();
  }

  @Override
  public Runnable schedule(Runnable task, Duration delay) {
    return lane.scheduler().schedule(task, delay);
  }

  @Override
  public ObjectMapper objectMapper() {
    return lane.objectMapper();
  }

  @Override
  public Duration stallTimeout() {
    return lane.stallTimeout();
  }

  @Override
  public String toString() {
    return "AttemptContext{" + lane.transportName() + " #" + attempt + '}';
  }
}
