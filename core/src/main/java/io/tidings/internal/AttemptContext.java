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
 * Core's {@link TransportContext} for one connection attempt: the lane's values plus this attempt's
 * headers and number. When the attempt has its own request shape (credentials, a {@link
 * io.tidings.RequestCustomizer}), its client carries an {@link AttemptRequest} interceptor that
 * puts those headers and query changes on every request the attempt makes (polls, the SSE request,
 * the WebSocket upgrade), after the transport built it. Immutable.
 */
final class AttemptContext implements TransportContext {
  private final LaneContext lane;
  private final int attempt;
  private final Headers headers;
  private final OkHttpClient client;
  private final AttemptRequest request;
  private final Redactor secrets;
  private final Redactor redactor;
  private final RefusalHint.Source credentialsSource;

  /**
   * @param request this attempt's request changes, or null when it has none (the lane's client is
   *     used as it is)
   */
  AttemptContext(LaneContext lane, int attempt, Headers headers, AttemptRequest request) {
    this.lane = lane;
    this.attempt = attempt;
    this.headers = headers;
    this.request = request;
    this.client =
        request == null
            ? lane.httpClient()
            : lane.httpClient().newBuilder().addInterceptor(request).build();
    this.secrets = request == null ? Redactor.NONE : request.secrets();
    this.redactor = lane.redactor().and(secrets);
    this.credentialsSource =
        request == null ? RefusalHint.Source.CONFIGURED : request.credentialsSource();
  }

  /** Where this attempt's credentials came from, for the hint of a 401 or 403. */
  RefusalHint.Source credentialsSource() {
    return credentialsSource;
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
    return client;
  }

  /**
   * The lane's derived client (built once per distinct base client and key, see {@link
   * LaneContext#derivedClient}), with this attempt's request changes when it has any.
   */
  @Override
  public OkHttpClient derivedClient(
      Object key, java.util.function.UnaryOperator<OkHttpClient.Builder> change) {
    OkHttpClient derived = lane.derivedClient(key, change);
    return request == null ? derived : derived.newBuilder().addInterceptor(request).build();
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
