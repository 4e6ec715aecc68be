package io.tidings.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.shortpoll.ShortPollTransportProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a plain REST resource for changes: short polling in {@code raw} format. Each {@code 200}
 * body is one message whose data is the document and whose id is the response's {@code ETag};
 * Tidings sends the ETag back as {@code If-None-Match}, so an unchanged document costs a {@code
 * 304} with no body. The resource here is a JDK {@link HttpServer} knowing nothing of Tidings.
 */
public final class WatchRestResource {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private WatchRestResource() {}

  /** Changes the document twice and checks each version arrives once. */
  public static void main(String[] args) throws Exception {
    StatusResource resource = new StatusResource("{\"version\":1,\"status\":\"starting\"}");
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/status", resource::handle);
    http.start();
    try {
      SubscriptionConfig config =
          SubscriptionConfig.builder()
              .url("http://127.0.0.1:" + http.getAddress().getPort() + "/status")
              .transport("shortpoll")
              .format(MessageFormat.RAW)
              .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(100))
              .build();
      BlockingQueue<Message> versions = new LinkedBlockingQueue<>();
      try (Subscription sub = Tidings.subscribe(config, versions::add)) {
        expect(versions, "\"starting\"");
        for (String status : new String[] {"running", "done"}) {
          int unchanged = resource.notModified.get();
          Deadline deadline = new Deadline(TIMEOUT);
          while (resource.notModified.get() == unchanged) { // let a poll find nothing new
            if (deadline.passed()) {
              throw new AssertionError("No poll was answered 304 within " + TIMEOUT);
            }
            Thread.sleep(10);
          }
          resource.update(status);
          expect(versions, "\"" + status + "\"");
        }
        System.out.printf(
            "%d polls: %d answered 200, %d answered 304 Not Modified%n",
            sub.stats().requests(), resource.changed.get(), resource.notModified.get());
      }
    } finally {
      http.stop(0);
    }
  }

  private static void expect(BlockingQueue<Message> versions, String status)
      throws InterruptedException {
    Message m = versions.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (m == null || !m.data().contains(status)) {
      throw new AssertionError("Expected a document with " + status + ", got " + m);
    }
    System.out.printf("ETag %s: %s%n", m.id(), m.data());
  }

  /** A document with a version; answers 304 when the client already has the current version. */
  private static final class StatusResource {
    final AtomicInteger changed = new AtomicInteger();
    final AtomicInteger notModified = new AtomicInteger();
    private int version = 1;
    private String body;

    StatusResource(String body) {
      this.body = body;
    }

    synchronized void update(String status) {
      version++;
      body = "{\"version\":" + version + ",\"status\":\"" + status + "\"}";
    }

    void handle(HttpExchange exchange) throws IOException {
      String etag;
      byte[] bytes;
      synchronized (this) {
        etag = "\"v" + version + "\"";
        bytes = body.getBytes(StandardCharsets.UTF_8);
      }
      try (exchange) {
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
          notModified.incrementAndGet();
          exchange.sendResponseHeaders(304, -1);
          return;
        }
        changed.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
