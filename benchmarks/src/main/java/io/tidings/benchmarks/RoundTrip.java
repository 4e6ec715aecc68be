package io.tidings.benchmarks;

import io.tidings.testkit.ReferenceServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Measures "one round trip" to a reference server: a plain raw OkHttp GET of a short-poll answer
 * carrying one message (the feed's latest), on a kept-alive connection. Stateless.
 */
final class RoundTrip {
  private RoundTrip() {}

  /**
   * The median of {@code count} sequential GETs, after as many unmeasured ones (warm-up). The feed
   * must hold a message.
   */
  static Duration median(ReferenceServer server, int count) throws IOException {
    long last = Long.parseLong(server.lastId());
    Request request =
        new Request.Builder()
            .url(
                HttpUrl.get(server.url())
                    .newBuilder()
                    .setQueryParameter(
                        ReferenceServer.DEFAULT_CURSOR_PARAM, Long.toString(last - 1))
                    .build())
            .header("Accept", "application/json")
            .build();
    OkHttpClient client = RawClients.unlimited();
    try {
      for (int i = 0; i < count; i++) {
        get(client, request);
      }
      long[] nanos = new long[count];
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        get(client, request);
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      return Duration.ofNanos(nanos[count / 2]);
    } finally {
      RawClients.release(client);
    }
  }

  private static void get(OkHttpClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      if (response.code() != 200) {
        throw new IOException("Round trip: HTTP " + response.code() + " from " + request.url());
      }
      response.body().bytes();
    }
  }
}
