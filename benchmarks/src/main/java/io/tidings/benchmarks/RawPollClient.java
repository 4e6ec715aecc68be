package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The polling baseline: a loop of OkHttp calls on one thread with {@code lastEventId} (and {@code
 * wait} for a long poll). A {@code 200} batch is parsed with Jackson's {@code readTree}; the next
 * cursor is the batch's {@code cursor}, or the {@code ETag} of an empty answer. A short poll pauses
 * {@code interval} between polls unless the server said {@code more: true}. No reconnect, no
 * ordering, no de-duplication, no conditional requests.
 */
final class RawPollClient implements BenchClient {
  private final OkHttpClient client;
  private final HttpUrl url;
  private final ObjectMapper mapper;
  private final DeliveryRecorder sink;
  private final String waitSeconds;
  private final Duration interval;
  private final Thread poller;
  private volatile Call inFlight;
  private volatile boolean closed;

  /**
   * @param waitSeconds the long poll wait, or null for a short poll
   * @param interval the short poll interval (ignored for a long poll)
   */
  RawPollClient(
      OkHttpClient client,
      String url,
      ObjectMapper mapper,
      DeliveryRecorder sink,
      String waitSeconds,
      Duration interval) {
    this.client = client;
    this.url = HttpUrl.get(url);
    this.mapper = mapper;
    this.sink = sink;
    this.waitSeconds = waitSeconds;
    this.interval = interval;
    this.poller = new Thread(this::loop, waitSeconds == null ? "raw-shortpoll" : "raw-longpoll");
    poller.setDaemon(true);
    poller.start();
  }

  /** The text of a {@code data} value: a string's content, or the JSON of anything else. */
  static String dataText(JsonNode data) {
    if (data == null || data.isNull()) {
      return "null";
    }
    return data.isTextual() ? data.asText() : data.toString();
  }

  private void loop() {
    String cursor = null;
    while (!closed) {
      HttpUrl.Builder u = url.newBuilder();
      if (cursor != null) {
        u.setQueryParameter("lastEventId", cursor);
      }
      if (waitSeconds != null) {
        u.setQueryParameter("wait", waitSeconds);
      }
      Call call =
          client.newCall(
              new Request.Builder().url(u.build()).header("Accept", "application/json").build());
      inFlight = call;
      if (closed) {
        return;
      }
      boolean more = false;
      try (Response response = call.execute()) {
        if (response.code() == 200) {
          JsonNode root = mapper.readTree(response.body().bytes());
          for (JsonNode envelope : root.path("messages")) {
            if (!"tidings.gap".equals(envelope.path("type").asText())) {
              sink.accept(dataText(envelope.get("data")));
            }
          }
          JsonNode c = root.get("cursor");
          if (c != null && !c.isNull()) {
            cursor = c.asText();
          }
          more = root.path("more").asBoolean(false);
        } else if (response.code() == 204 || response.code() == 304) {
          String etag = response.header("ETag");
          if (cursor == null && etag != null) {
            cursor = etag.replace("\"", "");
          }
        } else {
          throw new IOException("HTTP " + response.code());
        }
      } catch (IOException e) {
        if (!closed) {
          System.err.println("raw poll client stopped: " + e);
        }
        return;
      }
      if (waitSeconds == null && !more && !closed) {
        LockSupport.parkNanos(interval.toNanos()); // the poll interval; close() unparks
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Call c = inFlight;
    if (c != null) {
      c.cancel();
    }
    LockSupport.unpark(poller);
    try {
      poller.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
