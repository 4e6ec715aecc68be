package io.tidings.benchmarks;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second SSE baseline, the one a user would otherwise pick: okhttp-eventsource's {@link
 * EventSource} used directly, on the given OkHttp client, its {@link EventSource#messages()} read
 * on a thread of its own (its pull API, as Tidings' SSE transport reads it). Its own parser and
 * defaults; its retrying is off ({@link ErrorStrategy#alwaysThrow()}) so a failure ends the stream.
 * No ordering, de-duplication, size limit or JSON check.
 */
final class EventSourceSseClient implements BenchClient {
  private static final Logger log = LoggerFactory.getLogger(EventSourceSseClient.class);

  private final EventSource eventSource;
  private final DeliveryRecorder sink;
  private final Thread reader;
  private volatile boolean closed;

  EventSourceSseClient(OkHttpClient client, String url, DeliveryRecorder sink) {
    this.sink = sink;
    eventSource =
        new EventSource.Builder(
                ConnectStrategy.http(URI.create(url))
                    .httpClient(client)
                    .readTimeout(RawClients.READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            .errorStrategy(ErrorStrategy.alwaysThrow())
            .build();
    reader = new Thread(this::read, "eventsource-sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      for (MessageEvent event : eventSource.messages()) {
        if (!"tidings.gap".equals(event.getEventName())) {
          sink.accept(event.getData());
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("okhttp-eventsource client stopped: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    eventSource.close();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
