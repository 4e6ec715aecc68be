package io.tidings.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChaosProxyTest {
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .readTimeout(Duration.ofSeconds(10))
          .retryOnConnectionFailure(false)
          .build();
  private final ReferenceServer server =
      ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(20)).start();
  private final ChaosProxy proxy = ChaosProxy.to(server);

  @AfterEach
  void tearDown() {
    proxy.close();
    server.close();
    TestClients.release(client);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, Duration.ofSeconds(10), what);
  }

  @Test
  void forwardsRequestsAndCountsConnections() throws Exception {
    server.publish(2);
    assertTrue(proxy.url(server).startsWith("http://127.0.0.1:" + proxy.port() + "/events"));
    try (Response r =
        client.newCall(new Request.Builder().url(proxy.url(server)).build()).execute()) {
      assertEquals(200, r.code());
      assertTrue(r.body().string().contains("\"id\":\"2\""));
    }
    assertEquals(1, proxy.connectionsAccepted());
    assertEquals(1, server.connectionsAccepted());
    assertEquals(1, proxy.openConnections());
  }

  @Test
  void cutAllCutsOpenStreams() throws Exception {
    server.publish(1);
    try (SseReader sse = new SseReader(client, proxy.url(server), null)) {
      assertEquals("1", sse.nextEvent().id());
      proxy.cutAll();
      sse.assertCut();
    }
    await(() -> proxy.openConnections() == 0, "the proxy to forget the connection");
    try (SseReader sse = new SseReader(client, proxy.url(server), "0")) {
      assertEquals("1", sse.nextEvent().id());
    }
    assertEquals(2, proxy.connectionsAccepted());
  }

  @Test
  void stallStopsForwardingUntilResumed() throws Exception {
    server.publish(1);
    try (SseReader sse = new SseReader(client, proxy.url(server), null)) {
      assertEquals("1", sse.nextEvent().id());
      proxy.stall();
      // Drain what was forwarded before the stall; then heartbeats every 20 ms stop arriving and
      // a 300 ms read timeout fires.
      sse.readTimeout(Duration.ofMillis(300));
      assertThrows(
          InterruptedIOException.class,
          () -> {
            while (true) {
              sse.next();
            }
          });
      assertEquals(1, proxy.openConnections());
    }
    proxy.resume();
    try (SseReader sse = new SseReader(client, proxy.url(server), "0")) {
      assertEquals("1", sse.nextEvent().id());
    }
  }

  @Test
  void latencyDelaysForwarding() throws Exception {
    proxy.latency(Duration.ofMillis(150));
    long start = System.nanoTime();
    try (Response r =
        client.newCall(new Request.Builder().url(proxy.url(server)).build()).execute()) {
      assertEquals(204, r.code());
    }
    // Request and response each wait at least the latency.
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
  }

  @Test
  void cutRandomlyKeepsCuttingUntilStopped() throws Exception {
    server.publish(1);
    proxy.cutRandomly(7, Duration.ofMillis(20), Duration.ofMillis(60));
    for (int i = 0; i < 2; i++) {
      try (SseReader sse = new SseReader(client, proxy.url(server), "0")) {
        sse.nextEvent();
        sse.assertCut();
      } catch (IOException cutEarly) {
        // cut before the first event arrived: also a cut
      }
    }
    proxy.stopCutting();
    proxy.cutAll();
    try (SseReader sse = new SseReader(client, proxy.url(server), "0")) {
      assertEquals("1", sse.nextEvent().id());
    }
  }

  @Test
  void closeClosesEverythingAndEndsItsThreads() throws Exception {
    server.publish(1);
    SseReader sse = new SseReader(client, proxy.url(server), null);
    sse.nextEvent();
    proxy.close();
    sse.assertCut();
    sse.close();
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().startsWith("chaosproxy")),
        "chaos proxy threads left");
    assertThrows(
        IOException.class,
        () -> client.newCall(new Request.Builder().url(proxy.url(server)).build()).execute());
  }
}
