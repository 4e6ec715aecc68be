package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling baseline: one OkHttp call after another with {@code lastEventId} (and {@code wait}
 * for a long poll). A {@code 200} batch is parsed with Jackson's {@code readTree}; the next cursor
 * is the batch's {@code cursor}, or the {@code ETag} of an empty answer. A short poll pauses {@code
 * interval} between polls unless the server said {@code more: true}. No reconnect, no ordering, no
 * de-duplication, no conditional requests.
 *
 * <p>Blocking, the calls are {@code execute()}d on a thread of the client's own (OkHttp's
 * dispatcher does not limit them); asynchronous, each is {@code enqueue()}d from the previous one's
 * callback and runs on (and is limited by) the dispatcher, with short-poll pauses on {@link
 * CompletableFuture#delayedExecutor}'s timer.
 */
final class RawPollClient implements BenchClient {
  private static final Logger log = LoggerFactory.getLogger(RawPollClient.class);

  private final OkHttpClient client;
  private final HttpUrl url;
  private final ObjectMapper mapper;
  private final DeliveryRecorder sink;
  private final String waitSeconds;
  private final Duration interval;
  private final Thread poller;
  private volatile String cursor; // one poll at a time reads and moves it
  private volatile Call inFlight;
  private volatile boolean closed;

  /**
   * @param waitSeconds the long poll wait, or null for a short poll
   * @param interval the short poll interval (ignored for a long poll)
   * @param async whether the calls are enqueued on the dispatcher rather than executed on a thread
   */
  RawPollClient(
      OkHttpClient client,
      String url,
      ObjectMapper mapper,
      DeliveryRecorder sink,
      String waitSeconds,
      Duration interval,
      boolean async) {
    this.client = client;
    this.url = HttpUrl.get(url);
    this.mapper = mapper;
    this.sink = sink;
    this.waitSeconds = waitSeconds;
    this.interval = interval;
    if (async) {
      this.poller = null;
      pollAsync();
    } else {
      this.poller = new Thread(this::loop, waitSeconds == null ? "raw-shortpoll" : "raw-longpoll");
      poller.setDaemon(true);
      poller.start();
    }
  }

  /** The text of a {@code data} value: a string's content, or the JSON of anything else. */
  static String dataText(JsonNode data) {
    if (data == null || data.isNull()) {
      return "null";
    }
    return data.isTextual() ? data.asText() : data.toString();
  }

  private void loop() {
    while (!closed) {
      Call call = newCall();
      if (call == null) {
        return;
      }
      boolean more;
      try (Response response = call.execute()) {
        more = handle(response);
      } catch (IOException e) {
        stopped(e);
        return;
      }
      if (pausesAfter(more)) {
        LockSupport.parkNanos(interval.toNanos()); // the poll interval; close() unparks
      }
    }
  }

  private void pollAsync() {
    Call call = newCall();
    if (call == null) {
      return;
    }
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            boolean more;
            try (response) {
              more = handle(response);
            } catch (IOException e) {
              stopped(e);
              return;
            }
            if (pausesAfter(more)) {
              CompletableFuture.delayedExecutor(
                      interval.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
                  .execute(RawPollClient.this::pollAsync);
            } else {
              pollAsync();
            }
          }

          @Override
          public void onFailure(Call c, IOException e) {
            stopped(e);
          }
        });
  }

  /** The next poll's call, or null when closed. */
  private Call newCall() {
    HttpUrl.Builder u = url.newBuilder();
    String c = cursor;
    if (c != null) {
      u.setQueryParameter("lastEventId", c);
    }
    if (waitSeconds != null) {
      u.setQueryParameter("wait", waitSeconds);
    }
    Call call =
        client.newCall(
            new Request.Builder().url(u.build()).header("Accept", "application/json").build());
    inFlight = call;
    if (closed) {
      call.cancel();
      return null;
    }
    return call;
  }

  /** Delivers an answer's messages and moves the cursor; returns the batch's {@code more}. */
  private boolean handle(Response response) throws IOException {
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
      return root.path("more").asBoolean(false);
    }
    if (response.code() == 204 || response.code() == 304) {
      String etag = response.header("ETag");
      if (cursor == null && etag != null) {
        cursor = etag.replace("\"", "");
      }
      return false;
    }
    throw new IOException("HTTP " + response.code());
  }

  private boolean pausesAfter(boolean more) {
    return waitSeconds == null && !more && !closed;
  }

  private void stopped(IOException e) {
    if (!closed) {
      log.warn("raw poll client stopped: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    Call c = inFlight;
    if (c != null) {
      c.cancel();
    }
    if (poller != null) {
      LockSupport.unpark(poller);
      try {
        poller.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
