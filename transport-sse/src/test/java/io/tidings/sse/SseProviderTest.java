package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttp;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

/** Registration, threading of close, HTTP/2 sharing and OkHttp 5 compatibility. */
class SseProviderTest extends SseTestBase {
  private final List<OkHttpClient> clients = new ArrayList<>();

  @Test
  void registeredWithServiceLoader() {
    List<TransportProvider> found =
        ServiceLoader.load(TransportProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("sse"))
            .collect(Collectors.toList());
    assertEquals(1, found.size());
    TransportProvider sse = found.get(0);
    assertTrue(sse instanceof SseTransportProvider);
    assertEquals(Set.of(), sse.capabilities());
    assertEquals(Duration.ZERO, sse.quietPeriod(config().build()));
  }

  @Test
  void closeBeforeTheTaskRunsSendsNothing() {
    List<Runnable> tasks = new ArrayList<>();
    Recorder recorder = new Recorder();
    Connection c =
        new SseTransportProvider()
            .connect(new TestContext(client(false), tasks::add), Cursor.none(), recorder);
    c.close();
    tasks.forEach(Runnable::run);
    c.close();
    assertEquals(0, server.getRequestCount());
    assertTrue(recorder.calls.isEmpty(), recorder.calls::toString);
  }

  @Test
  void closeFromInsideTheListenerEndsTheReader() throws Exception {
    enqueueLive("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    CompletableFuture<Void> readerEnded = new CompletableFuture<>();
    // The reader may deliver the first frame before connect() has returned the connection.
    CompletableFuture<Connection> self = new CompletableFuture<>();
    Recorder recorder =
        new Recorder() {
          @Override
          public void onFrame(Frame frame) {
            super.onFrame(frame);
            self.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join().close();
          }
        };
    Executor executor =
        task ->
            new Thread(
                    () -> {
                      task.run();
                      readerEnded.complete(null);
                    },
                    "sse-test-reader")
                .start();
    self.complete(
        new SseTransportProvider()
            .connect(new TestContext(client(false), executor), Cursor.none(), recorder));
    readerEnded.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(List.of("request", "open", "frame 1"), recorder.withoutBytes());
  }

  @Test
  void subscriptionsShareOneConnectionOverH2c() throws Exception {
    server.close();
    server = new mockwebserver3.MockWebServer();
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    server.start();
    int count = 10;
    OkHttpClient client = client(true);
    List<Connection> connections = new ArrayList<>();
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      enqueueLive("data: " + i + "\n\n");
    }
    // The first subscription opens the HTTP/2 connection; the others then multiplex over it.
    // (Calls that all start before any connection exists may race to open several.)
    for (int i = 0; i < count; i++) {
      Recorder r = new Recorder();
      recorders.add(r);
      connections.add(
          new SseTransportProvider()
              .connect(new TestContext(client, TestContext::thread), Cursor.none(), r));
      if (i == 0) {
        r.await("frame");
      }
    }
    for (Recorder r : recorders.subList(1, count)) {
      r.await("frame");
    }
    for (int i = 0; i < count; i++) {
      assertEquals(0, server.takeRequest().getConnectionIndex(), "one TCP connection");
    }
    assertEquals(1, client.connectionPool().connectionCount());
    connections.forEach(Connection::close);
  }

  @Test
  void okhttpEventSourceRunsOnOkHttp5() throws Exception {
    // The library is built against OkHttp 4; the parent POM swaps in OkHttp 5 (okhttp-jvm).
    assertTrue(OkHttp.VERSION.startsWith("5."), OkHttp.VERSION);
    server.enqueue(stream("id: 1\ndata: hello\n\n").build());
    OkHttpClient client = client(false);
    try (EventSource es =
        new EventSource.Builder(
                ConnectStrategy.http(server.url("/events"))
                    .httpClient(client)
                    .header("X-Test", "1"))
            .build()) {
      MessageEvent message = es.readMessage();
      assertEquals("hello", message.getData());
      assertEquals("1", message.getLastEventId());
    }
    assertEquals("1", server.takeRequest().getHeaders().get("X-Test"));
  }

  private OkHttpClient client(boolean h2c) {
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (h2c) {
      b.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    }
    OkHttpClient c = b.build();
    clients.add(c);
    return c;
  }

  @org.junit.jupiter.api.AfterEach
  void closeClients() {
    for (OkHttpClient c : clients) {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    }
  }

  /** Records listener calls as short strings. */
  static class Recorder implements ConnectionListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    void add(String call) {
      calls.add(call);
      queue.add(call);
    }

    List<String> withoutBytes() {
      return calls.stream().filter(c -> !c.startsWith("bytes")).collect(Collectors.toList());
    }

    void await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        String c = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (c != null && c.startsWith(prefix)) {
          return;
        }
      }
      throw new AssertionError("no " + prefix + " in " + calls);
    }

    @Override
    public void onOpen() {
      add("open");
    }

    @Override
    public void onFrame(Frame frame) {
      add("frame " + frame.text());
    }

    @Override
    public void onHeartbeat() {
      add("heartbeat");
    }

    @Override
    public void onRetryHint(Duration delay) {
      add("retry " + delay);
    }

    @Override
    public void onRequest() {
      add("request");
    }

    @Override
    public void onEmptyResponse() {
      add("empty");
    }

    @Override
    public void onBytes(long count) {
      add("bytes " + count);
    }

    @Override
    public void onError(TidingsException error) {
      add("error " + error);
    }

    @Override
    public void onClosed(TidingsException reason) {
      add("closed " + reason);
    }
  }

  /** A context around a given client and executor. */
  private final class TestContext implements TransportContext {
    private final OkHttpClient client;
    private final Executor executor;
    private final SubscriptionConfig config = SseProviderTest.this.config().build();

    TestContext(OkHttpClient client, Executor executor) {
      this.client = client;
      this.executor = executor;
    }

    static void thread(Runnable task) {
      Thread t = new Thread(task, "sse-test-reader");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public SubscriptionConfig config() {
      return config;
    }

    @Override
    public String transportName() {
      return "sse";
    }

    @Override
    public HttpUrl url() {
      return HttpUrl.get(config.url().toString());
    }

    @Override
    public Headers headers() {
      return Headers.of();
    }

    @Override
    public OkHttpClient httpClient() {
      return client;
    }

    @Override
    public Executor executor() {
      return executor;
    }

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
      throw new UnsupportedOperationException("the SSE transport schedules nothing");
    }

    @Override
    public ObjectMapper objectMapper() {
      return new ObjectMapper();
    }

    @Override
    public Duration stallTimeout() {
      return config.stallTimeout();
    }
  }
}
