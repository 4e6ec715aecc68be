package io.tidings.internal;

import io.tidings.HttpVersion;
import io.tidings.SubscriptionConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/** Derives a subscription's OkHttp client from the shared (or the user's) one. */
final class HttpClients {
  private HttpClients() {}

  /**
   * What {@link #derive} applies, as a value (the TLS setting by identity: {@link TlsSetting#of}
   * hands out one instance per set of stores).
   */
  static Object derivation(SubscriptionConfig config, Duration stallTimeout) {
    return List.of(
        java.util.Optional.ofNullable(TlsSetting.of(config)),
        config.connectTimeout(),
        stallTimeout,
        config.httpVersion(),
        java.util.Optional.ofNullable(config.option(CoreKeys.PROXY)),
        config.redactedHeaders());
  }

  /**
   * A client sharing {@code base}'s pool and dispatcher, with the subscription's connect timeout, a
   * read timeout equal to the stall timeout, the configured HTTP version, and the configured proxy
   * ({@code tidings.proxy}) and TLS stores ({@code tidings.tls.*}).
   */
  static OkHttpClient derive(OkHttpClient base, SubscriptionConfig config, Duration stallTimeout) {
    OkHttpClient.Builder b =
        base.newBuilder().connectTimeout(config.connectTimeout()).readTimeout(stallTimeout);
    b.addNetworkInterceptor(new CredentialGuard(config.redactedHeaders()));
    if (config.httpVersion() == HttpVersion.H2C) {
      b.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    } else if (config.httpVersion() == HttpVersion.HTTP_1_1) {
      b.protocols(List.of(Protocol.HTTP_1_1));
    }
    ProxySetting proxy = config.option(CoreKeys.PROXY);
    if (proxy != null) {
      proxy.applyTo(b);
    }
    TlsSetting tls = TlsSetting.of(config);
    if (tls != null) {
      tls.applyTo(b);
    }
    return b.build();
  }

  /**
   * Keeps credentials on the origin they were configured for. OkHttp follows redirects with the
   * original request's headers and drops only {@code Authorization} on a redirect to another host.
   * This network interceptor sees every hop: on one whose origin is not the call's original origin
   * (another host or port, or a downgrade from https to http; an upgrade from http to https on the
   * same host keeps them), it removes every header Tidings treats as secret ({@code Authorization},
   * {@code Cookie}, each header in {@code tidings.redact}, and every header a {@code
   * CredentialsProvider} returned or a {@code RequestCustomizer} set under a secret name, which
   * {@link AttemptRequest} names in a request tag) except {@code Proxy-Authorization}, which is
   * meant for the proxy, not the origin.
   */
  static final class CredentialGuard implements Interceptor {
    private final Set<String> secretHeaders;

    CredentialGuard(Set<String> secretHeaders) {
      this.secretHeaders = secretHeaders;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      HttpUrl original = chain.call().request().url();
      if (sameOrigin(original, request.url())) {
        return chain.proceed(request);
      }
      AttemptRequest.SecretHeaders added = request.tag(AttemptRequest.SecretHeaders.class);
      Request.Builder stripped = request.newBuilder();
      boolean changed = false;
      for (String name : request.headers().names()) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean secret =
            secretHeaders.contains(lower) || (added != null && added.names().contains(lower));
        if (secret && !"proxy-authorization".equals(lower)) {
          stripped.removeHeader(name);
          changed = true;
        }
      }
      return chain.proceed(changed ? stripped.build() : request);
    }

    static boolean sameOrigin(HttpUrl original, HttpUrl now) {
      if (!original.host().equalsIgnoreCase(now.host())) {
        return false;
      }
      if (original.scheme().equals(now.scheme())) {
        return original.port() == now.port();
      }
      // http -> https on the same host is an upgrade; https -> http is a downgrade.
      return "http".equals(original.scheme()) && "https".equals(now.scheme());
    }
  }
}
