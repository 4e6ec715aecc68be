package io.tidings.examples;

import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.SubscriptionStats;
import io.tidings.Tidings;
import io.tidings.testkit.Await;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.Unavailable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts on WebSocket while the server refuses upgrades (as a proxy that blocks them would), falls
 * back to SSE, and comes back to WebSocket once upgrades pass again, printing where each message
 * arrived. Fails unless every message arrived once, in order.
 */
public final class Fallback {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PER_PHASE = 10;

  private Fallback() {}

  /** Runs the demo against a reference server in this process. */
  public static void main(String[] args) throws Exception {
    try (ReferenceServer server =
        ReferenceServer.builder().heartbeatInterval(Duration.ofMillis(500)).start()) {
      server.faults().makeUnavailable("websocket", Unavailable.REFUSE_UPGRADE);
      System.out.println("The server refuses WebSocket upgrades (HTTP 426).");
      SubscriptionConfig config =
          SubscriptionConfig.builder()
              .url(server.url())
              .transports(List.of("websocket", "sse"))
              .fallbackProbeInterval(Duration.ofSeconds(2))
              .build();
      List<String> ids = new CopyOnWriteArrayList<>();
      SubscriptionListener listener =
          new SubscriptionListener() {
            @Override
            public void onMessage(Message m) {
              ids.add(m.id());
              System.out.println("  message " + m.id() + " " + m.data());
            }

            @Override
            public void onTransportChange(String from, String to, String reason) {
              System.out.println("transport " + from + " -> " + to + ": " + reason);
            }
          };
      try (Subscription sub = Tidings.subscribe(config, listener)) {
        if (!sub.awaitState(SubscriptionState.OPEN, WAIT)) {
          throw new IllegalStateException("Did not open: " + sub.state());
        }
        List<String> published = new java.util.ArrayList<>(publish(server, PER_PHASE, sub));
        System.out.println("WebSocket upgrades pass again; the next probe switches back.");
        server.faults().makeAvailable("websocket");
        Await.until(() -> "websocket".equals(sub.transport()), WAIT, "the probe to switch back");
        published.addAll(publish(server, PER_PHASE, sub));
        String last = published.get(published.size() - 1);
        Await.until(() -> ids.contains(last), WAIT, "message " + last);
        SubscriptionStats stats = sub.stats();
        System.out.printf(
            "%d messages published, %d received; fallbacks %d, probes %d, switches %d%n",
            published.size(), ids.size(), stats.fallbacks(), stats.probes(), stats.switches());
        if (!ids.equals(published)) {
          throw new AssertionError(
              "NOT exactly once, in order: published " + published + ", got " + ids);
        }
        System.out.println("Every message arrived exactly once, in order, across both moves.");
      }
    }
  }

  private static List<String> publish(ReferenceServer server, int n, Subscription sub)
      throws InterruptedException {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = server.publish(1).get(0);
      ids.add(id);
      System.out.println("published " + id + " while on " + sub.transport());
      Thread.sleep(100); // the demo's pace, not a wait for an outcome
    }
    return ids;
  }
}
