package io.tidings.benchmarks;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The SSE baseline: one OkHttp call whose body is read line by line with a minimal event parser
 * ({@code id:}, {@code event:}, {@code data:}, blank line dispatches, comments skipped). No
 * reconnect, no ordering, no de-duplication, no size limits.
 */
final class RawSseClient implements BenchClient {
  private final Call call;
  private final Thread reader;
  private volatile boolean closed;

  RawSseClient(OkHttpClient client, String url, DeliveryRecorder sink) {
    call =
        client.newCall(
            new Request.Builder()
                .url(url)
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .build());
    reader = new Thread(() -> read(sink), "raw-sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(DeliveryRecorder sink) {
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      BufferedSource source = response.body().source();
      StringBuilder data = new StringBuilder();
      boolean hasData = false;
      String type = null;
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.isEmpty()) {
          if (hasData && !"tidings.gap".equals(type)) {
            sink.accept(data.toString());
          }
          data.setLength(0);
          hasData = false;
          type = null;
        } else if (line.startsWith("data:")) {
          if (hasData) {
            data.append('\n');
          }
          data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
          hasData = true;
        } else if (line.startsWith("event:")) {
          type = line.substring(line.startsWith("event: ") ? 7 : 6);
        }
        // id:, retry: and comments need no handling here: the baseline does not resume.
      }
    } catch (IOException e) {
      if (!closed) {
        System.err.println("raw SSE client stopped: " + e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    call.cancel();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
