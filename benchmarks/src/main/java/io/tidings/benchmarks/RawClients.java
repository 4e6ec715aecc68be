package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Makes the raw OkHttp baselines and the OkHttp clients they run on, and releases those. */
final class RawClients {
  /** The {@code wait} (seconds) of a raw long poll. */
  static final String LONG_POLL_WAIT_SECONDS = "30";

  /** The read timeout of raw clients: above the long poll wait. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(45);

  private static final long RELEASE_SECONDS = 5;

  private RawClients() {}

  /** An OkHttp client whose dispatcher runs any number of asynchronous calls, per host too. */
  static OkHttpClient unlimited() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    return new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(READ_TIMEOUT).build();
  }

  /**
   * An OkHttp client with OkHttp's default dispatcher: at most 64 asynchronous calls, 5 per host
   * (WebSockets are not counted per host, but each open one holds one of the 64).
   */
  static OkHttpClient defaultDispatcher() {
    return new OkHttpClient.Builder().readTimeout(READ_TIMEOUT).build();
  }

  /**
   * Starts a raw client of {@code transport}'s wire protocol.
   *
   * @param async whether polls and SSE run as {@code enqueue()} calls on {@code client}'s
   *     dispatcher (and are limited by it) rather than as {@code execute()} calls on a thread of
   *     their own (a WebSocket always runs on the dispatcher)
   */
  static BenchClient open(
      String transport,
      OkHttpClient client,
      String url,
      ObjectMapper mapper,
      DeliveryRecorder sink,
      Duration shortPollInterval,
      boolean async) {
    switch (transport) {
      case "sse":
        return new RawSseClient(client, url, sink, async);
      case "websocket":
        return new RawWebSocketClient(client, url, mapper, sink);
      case "longpoll":
        return new RawPollClient(
            client, url, mapper, sink, LONG_POLL_WAIT_SECONDS, Duration.ZERO, async);
      case "shortpoll":
        return new RawPollClient(client, url, mapper, sink, null, shortPollInterval, async);
      default:
        throw new IllegalArgumentException("Unknown transport " + transport);
    }
  }

  /** Cancels {@code client}'s calls, ends its dispatcher's threads and closes its connections. */
  static void release(OkHttpClient client) {
    client.dispatcher().cancelAll();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    try {
      client.dispatcher().executorService().awaitTermination(RELEASE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
