package io.tidings.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.ConfigurationException;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.Redactor;
import io.tidings.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What one transport of one subscription keeps for all its attempts: the URL, the derived OkHttp
 * client, the decoder, the stall timeout, the configured headers. Each attempt sees it through its
 * own {@link AttemptContext}. Immutable.
 */
final class LaneContext {
  private final SubscriptionConfig config;
  private final String transportName;
  private final HttpUrl url;
  private final Headers headers;
  private final OkHttpClient client;
  private final DerivedClients derivedClients;
  private final TrackedExecutor executor;
  private final Scheduler scheduler;
  private final ObjectMapper mapper;
  private final Duration stallTimeout;
  final FrameDecoder decoder;
  private final Redactor redactor;

  LaneContext(
      SubscriptionConfig config,
      String transportName,
      Duration quietPeriod,
      Scheduler scheduler,
      TrackedExecutor executor,
      OkHttpClient baseClient,
      DerivedClients derivedClients,
      ObjectMapper mapper) {
    this.config = config;
    this.transportName = transportName;
    this.scheduler = scheduler;
    this.executor = executor;
    this.mapper = mapper;
    this.stallTimeout =
        quietPeriod.compareTo(config.stallTimeout()) > 0 ? quietPeriod : config.stallTimeout();
    this.url = httpUrl(config);
    this.headers = headers(config);
    this.derivedClients = derivedClients;
    this.client =
        derivedClients.get(
            baseClient,
            HttpClients.derivation(config, stallTimeout),
            () -> HttpClients.derive(baseClient, config, stallTimeout));
    this.redactor = Redactor.of(config);
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

  /** The context of one attempt: these values with the attempt's own headers and number. */
  AttemptContext forAttempt(int attempt, Headers attemptHeaders) {
    return new AttemptContext(this, attempt, attemptHeaders, null);
  }

  SubscriptionConfig config() {
    return config;
  }

  String transportName() {
    return transportName;
  }

  HttpUrl url() {
    return url;
  }

  /** The configured headers; an attempt may add to them. */
  Headers headers() {
    return headers;
  }

  OkHttpClient httpClient() {
    return client;
  }

  /**
   * {@link #httpClient()} changed by {@code change}, named by {@code key}: built once per distinct
   * lane client and key, so subscriptions with the same settings share it.
   */
  OkHttpClient derivedClient(
      Object key, java.util.function.UnaryOperator<OkHttpClient.Builder> change) {
    java.util.Objects.requireNonNull(key, "key");
    java.util.Objects.requireNonNull(change, "change");
    return derivedClients.get(client, key, () -> change.apply(client.newBuilder()).build());
  }

  Executor executor() {
    return executor;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  ObjectMapper objectMapper() {
    return mapper;
  }

  /** The subscription's secrets (configured secret headers, URL user info and query). */
  Redactor redactor() {
    return redactor;
  }

  Duration stallTimeout() {
    return stallTimeout;
  }
}
