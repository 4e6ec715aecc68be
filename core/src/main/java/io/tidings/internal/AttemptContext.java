package io.tidings.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.Redactor;
import io.tidings.spi.TransportContext;
import java.time.Duration;
import java.util.concurrent.Executor;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The context of one connection attempt that has its own request shape: the transport's {@link
 * EngineContext} with this attempt's headers, and a client whose interceptor puts those headers and
 * query changes on every request the attempt makes (polls, the SSE request, the WebSocket upgrade),
 * after the transport built it. Immutable.
 */
final class AttemptContext implements TransportContext {
  private final EngineContext base;
  private final Headers headers;
  private final OkHttpClient client;
  private final Redactor secrets;
  private final Redactor redactor;

  AttemptContext(EngineContext base, Headers headers, AttemptRequest request) {
    this.base = base;
    this.headers = headers;
    this.client = base.httpClient().newBuilder().addInterceptor(request).build();
    this.secrets = request.secrets();
    this.redactor = base.redactor().and(secrets);
  }

  /** Only the secrets this attempt added (credentials, customized secret headers and params). */
  Redactor attemptSecrets() {
    return secrets;
  }

  /** The subscription's secrets and this attempt's. */
  @Override
  public Redactor redactor() {
    return redactor;
  }

  @Override
  public SubscriptionConfig config() {
    return base.config();
  }

  @Override
  public String transportName() {
    return base.transportName();
  }

  @Override
  public HttpUrl url() {
    return base.url();
  }

  /** The configured headers with this attempt's credentials and customizations. */
  @Override
  public Headers headers() {
    return headers;
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public Executor executor() {
    return base.executor();
  }

  @Override
  public Runnable schedule(Runnable task, Duration delay) {
    return base.schedule(task, delay);
  }

  @Override
  public ObjectMapper objectMapper() {
    return base.objectMapper();
  }

  @Override
  public Duration stallTimeout() {
    return base.stallTimeout();
  }
}
