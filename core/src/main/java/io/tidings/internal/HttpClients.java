package io.tidings.internal;

import io.tidings.HttpVersion;
import io.tidings.SubscriptionConfig;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** Derives a subscription's OkHttp client from the shared (or the user's) one. */
final class HttpClients {
  private HttpClients() {}

  /**
   * A client sharing {@code base}'s pool and dispatcher, with the subscription's connect timeout, a
   * read timeout equal to the stall timeout, the configured HTTP version, and the configured proxy
   * ({@code tidings.proxy}) and TLS stores ({@code tidings.tls.*}).
   */
  static OkHttpClient derive(OkHttpClient base, SubscriptionConfig config, Duration stallTimeout) {
    OkHttpClient.Builder b =
        base.newBuilder().connectTimeout(config.connectTimeout()).readTimeout(stallTimeout);
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
}
