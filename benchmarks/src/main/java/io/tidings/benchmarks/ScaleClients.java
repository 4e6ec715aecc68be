package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.shortpoll.ShortPollTransportProvider;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.BufferedSource;

/**
 * The clients of {@link ScaleBenchmark}: a Tidings subscription with default settings, and, for the
 * same streams, minimal raw OkHttp clients sharing one {@link OkHttpClient} (no reconnect, no
 * ordering, no de-duplication, no stall detection). Raw SSE and polls are {@code enqueue()}d calls,
 * read in the dispatcher's callback; the raw client's dispatcher runs on virtual threads on JDK 21+
 * (as Tidings' shared one does) and on OkHttp's own cached pool on JDK 17.
 */
final class ScaleClients {
  /** The {@code wait} (seconds) of a raw long poll, as Tidings' default. */
  static final String LONG_POLL_WAIT_SECONDS = "30";

  private ScaleClients() {}

  /** One client: {@link #close()} returns when its streams are cancelled and its reads ended. */
  interface Client extends AutoCloseable {
    @Override
    void close();
  }

  /** A Tidings subscription, default policies, short-poll jitter 0. */
  static Client tidings(
      String name, String transport, String url, Duration shortPollInterval, ScaleSink sink) {
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .name(name)
            .url(url)
            .transport(transport)
            .option(ShortPollTransportProvider.INTERVAL, shortPollInterval)
            .option(ShortPollTransportProvider.JITTER, 0.0)
            .build();
    Subscription sub =
        Tidings.subscribe(
            config,
            new SubscriptionListener() {
              @Override
              public void onMessage(Message message) {
                sink.accept(message.data());
              }
            });
    return sub::close;
  }

  /** The shared OkHttp client of the raw clients, and what they share besides. */
  static final class Raw implements AutoCloseable {
    final OkHttpClient client;
    final ObjectMapper mapper = new ObjectMapper();
    final ScheduledExecutorService timer;

    Raw() {
      ExecutorService virtual = virtualPerTask();
      Dispatcher dispatcher = virtual != null ? new Dispatcher(virtual) : new Dispatcher();
      dispatcher.setMaxRequests(Integer.MAX_VALUE);
      dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
      client =
          new OkHttpClient.Builder()
              .dispatcher(dispatcher)
              .connectionPool(new okhttp3.ConnectionPool(256, 5, TimeUnit.MINUTES))
              .readTimeout(Duration.ofSeconds(45))
              .build();
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "raw-timer");
                t.setDaemon(true);
                return t;
              });
    }

    /** Starts a raw client of {@code transport}'s wire protocol. */
    Client open(String transport, String url, Duration shortPollInterval, ScaleSink sink) {
      switch (transport) {
        case "sse":
          return new RawSse(this, url, sink);
        case "websocket":
          return new RawWebSocket(this, url, sink);
        case "longpoll":
          return new RawPoll(this, url, sink, LONG_POLL_WAIT_SECONDS, Duration.ZERO);
        case "shortpoll":
          return new RawPoll(this, url, sink, null, shortPollInterval);
        default:
          throw new IllegalArgumentException("Unknown transport " + transport);
      }
    }

    /** Ends the dispatcher's threads, the timer and the pooled connections. */
    @Override
    public void close() {
      timer.shutdownNow();
      client.dispatcher().cancelAll();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      try {
        client.dispatcher().executorService().awaitTermination(10, TimeUnit.SECONDS);
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      client.connectionPool().evictAll();
    }

    private static ExecutorService virtualPerTask() {
      if (Runtime.version().feature() < 21) {
        return null;
      }
      try {
        return (ExecutorService)
            MethodHandles.publicLookup()
                .findStatic(
                    Executors.class,
                    "newVirtualThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class))
                .invoke();
      } catch (Throwable e) {
        return null;
      }
    }
  }

  /** Common to the raw clients: the end of the read, awaited by close(). */
  private abstract static class RawClient implements Client {
    final CountDownLatch ended = new CountDownLatch(1);
    volatile boolean closed;

    abstract void cancel();

    @Override
    public void close() {
      closed = true;
      cancel();
      try {
        ended.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One SSE call, body read line by line in the dispatcher's callback. */
  private static final class RawSse extends RawClient {
    private final Call call;

    RawSse(Raw raw, String url, ScaleSink sink) {
      call =
          raw.client.newCall(
              new Request.Builder()
                  .url(url)
                  .header("Accept", "text/event-stream")
                  .header("Cache-Control", "no-cache")
                  .build());
      call.enqueue(
          new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
              try (response) {
                BufferedSource source = response.body().source();
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = source.readUtf8Line()) != null) {
                  if (line.isEmpty()) {
                    if (data.length() > 0) {
                      sink.accept(data.toString());
                      data.setLength(0);
                    }
                  } else if (line.startsWith("data:")) {
                    data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
                  }
                }
              } catch (IOException e) {
                // cancelled on close
              } finally {
                ended.countDown();
              }
            }

            @Override
            public void onFailure(Call c, IOException e) {
              ended.countDown();
            }
          });
    }

    @Override
    void cancel() {
      call.cancel();
    }
  }

  /** One OkHttp WebSocket; text frames parsed with Jackson as Tidings does. */
  private static final class RawWebSocket extends RawClient {
    private final WebSocket webSocket;

    RawWebSocket(Raw raw, String url, ScaleSink sink) {
      webSocket =
          raw.client.newWebSocket(
              new Request.Builder().url(url).build(),
              new WebSocketListener() {
                @Override
                public void onMessage(WebSocket ws, String text) {
                  try {
                    sink.accept(dataText(raw.mapper.readTree(text).get("data")));
                  } catch (IOException e) {
                    // not JSON: not from the reference server
                  }
                }

                @Override
                public void onClosed(WebSocket ws, int code, String reason) {
                  ended.countDown();
                }

                @Override
                public void onFailure(WebSocket ws, Throwable t, Response response) {
                  ended.countDown();
                }
              });
    }

    @Override
    void cancel() {
      webSocket.cancel();
    }
  }

  /** Long or short polls: each call enqueued from the previous one's callback. */
  private static final class RawPoll extends RawClient {
    private final Raw raw;
    private final HttpUrl url;
    private final ScaleSink sink;
    private final String waitSeconds;
    private final Duration interval;
    private volatile Call inFlight;
    private volatile java.util.concurrent.ScheduledFuture<?> pending;
    private String cursor;

    RawPoll(Raw raw, String url, ScaleSink sink, String waitSeconds, Duration interval) {
      this.raw = raw;
      this.url = HttpUrl.get(url);
      this.sink = sink;
      this.waitSeconds = waitSeconds;
      this.interval = interval;
      poll();
    }

    private void poll() {
      if (closed) {
        ended.countDown();
        return;
      }
      HttpUrl.Builder u = url.newBuilder();
      if (cursor != null) {
        u.setQueryParameter("lastEventId", cursor);
      }
      if (waitSeconds != null) {
        u.setQueryParameter("wait", waitSeconds);
      }
      Call call =
          raw.client.newCall(
              new Request.Builder().url(u.build()).header("Accept", "application/json").build());
      inFlight = call;
      if (closed) {
        call.cancel();
      }
      call.enqueue(
          new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
              boolean more;
              try (response) {
                more = handle(response);
              } catch (IOException e) {
                ended.countDown();
                return;
              }
              if (waitSeconds == null && !more && !closed) {
                try {
                  pending =
                      raw.timer.schedule(
                          RawPoll.this::poll, interval.toNanos(), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                  ended.countDown();
                }
              } else {
                poll();
              }
            }

            @Override
            public void onFailure(Call c, IOException e) {
              ended.countDown();
            }
          });
    }

    private boolean handle(Response response) throws IOException {
      if (response.code() == 200) {
        JsonNode root = raw.mapper.readTree(response.body().bytes());
        for (JsonNode envelope : root.path("messages")) {
          sink.accept(dataText(envelope.get("data")));
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

    @Override
    void cancel() {
      Call c = inFlight;
      if (c != null) {
        c.cancel();
      }
    }

    @Override
    public void close() {
      closed = true;
      cancel();
      java.util.concurrent.ScheduledFuture<?> p = pending;
      if (p != null && p.cancel(false)) {
        ended.countDown(); // it was waiting for its interval: no call is left
      }
      try {
        ended.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The text of a {@code data} value: a string's content, or the JSON of anything else. */
  static String dataText(JsonNode data) {
    if (data == null || data.isNull()) {
      return "null";
    }
    return data.isTextual() ? data.asText() : data.toString();
  }
}
