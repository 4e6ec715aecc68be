package io.tidings.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.ConfigurationException;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.TransportContext;
import java.time.Duration;
import java.util.concurrent.Executor;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Core's {@link TransportContext} for one transport of one subscription. Immutable. */
final class EngineContext implements TransportContext {
  private final SubscriptionConfig config;
  private final String transportName;
  private final HttpUrl url;
  private final Headers headers;
  private final OkHttpClient client;
  private final TrackedExecutor executor;
  private final SharedRuntime runtime;
  private final ObjectMapper mapper;
  private final Duration stallTimeout;
  final FrameDecoder decoder;
  private final io.tidings.spi.Redactor redactor;

  EngineContext(
      SubscriptionConfig config,
      String transportName,
      Duration quietPeriod,
      SharedRuntime runtime,
      TrackedExecutor executor) {
    this.config = config;
    this.transportName = transportName;
    this.runtime = runtime;
    this.executor = executor;
    this.mapper = config.objectMapper().orElse(Json.mapper());
    this.stallTimeout =
        quietPeriod.compareTo(config.stallTimeout()) > 0 ? quietPeriod : config.stallTimeout();
    this.url = httpUrl(config);
    this.headers = headers(config);
    this.client =
        HttpClients.derive(config.httpClient().orElse(runtime.client()), config, stallTimeout);
    this.redactor = io.tidings.spi.Redactor.of(config);
    this.decoder =
        new FrameDecoder(mapper, config.format(), config.maxMessageSize(), transportName);
  }

  private static HttpUrl httpUrl(SubscriptionConfig config) {
    String s = config.url().toString();
    if (s.regionMatches(true, 0, "ws:", 0, 3) || s.regionMatches(true, 0, "wss:", 0, 4)) {
      s = "http" + s.substring(2);
    }
    HttpUrl parsed = HttpUrl.parse(s);
    if (parsed == null) {
      throw new ConfigurationException(
          "tidings.url",
          "tidings.url=" + ConfigLoader.displayUrl(config.url()) + " is not a valid URL");
    }
    return parsed;
  }

  private static Headers headers(SubscriptionConfig config) {
    Headers.Builder b = new Headers.Builder();
    config
        .headers()
        .forEach(
            (name, value) -> {
              try {
                b.add(name, value);
              } catch (IllegalArgumentException e) {
                throw new ConfigurationException(
                    "tidings.headers." + name,
                    "tidings.headers."
                        + name
                        + " is not a valid HTTP header (names are tokens; values may not contain"
                        + " line breaks or control characters)");
              }
            });
    return b.build();
  }

  @Override
  public SubscriptionConfig config() {
    return config;
  }

  @Override
  public String transportName() {
    return transportName;
  }

  @Override
  public HttpUrl url() {
    return url;
  }

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
    return executor;
  }

  @Override
  public Runnable schedule(Runnable task, Duration delay) {
    return runtime.schedule(task, delay);
  }

  @Override
  public ObjectMapper objectMapper() {
    return mapper;
  }

  @Override
  public io.tidings.spi.Redactor redactor() {
    return redactor;
  }

  @Override
  public Duration stallTimeout() {
    return stallTimeout;
  }
}
