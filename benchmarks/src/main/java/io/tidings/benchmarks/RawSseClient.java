package io.tidings.benchmarks;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE baseline: one OkHttp call whose body is read line by line with a minimal event parser
 * ({@code id:}, {@code event:}, {@code data:}, blank line dispatches, comments skipped), either
 * {@code execute()}d on a thread of its own or {@code enqueue()}d and read in the dispatcher's
 * callback (holding one of the dispatcher's calls for as long as the stream lasts). No reconnect,
 * no ordering, no de-duplication, no size limits.
 */
final class RawSseClient implements BenchClient {
  private static final Logger log = LoggerFactory.getLogger(RawSseClient.class);

  private final Call call;
  private final DeliveryRecorder sink;
  private final Thread reader;
  private volatile boolean closed;

  /**
   * @param async whether the call is enqueued on the dispatcher rather than run on a thread
   */
  RawSseClient(OkHttpClient client, String url, DeliveryRecorder sink, boolean async) {
    this.sink = sink;
    call =
        client.newCall(
            new Request.Builder()
                .url(url)
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .build());
    if (async) {
      reader = null;
      call.enqueue(
          new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
              read(response);
            }

            @Override
            public void onFailure(Call c, IOException e) {
              stopped(e);
            }
          });
    } else {
      reader = new Thread(this::execute, "raw-sse-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void execute() {
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      stopped(e);
      return;
    }
    read(response);
  }

  private void read(Response response) {
    try (response) {
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
      stopped(e);
    }
  }

  private void stopped(IOException e) {
    if (!closed) {
      log.warn("raw SSE client stopped: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    call.cancel();
    if (reader != null) {
      try {
        reader.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
