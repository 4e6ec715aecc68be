package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.HttpVersion;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code tidings.http.version=h2c}, SSE subscriptions to one server share one TCP connection:
 * the HTTP/1.1 limit of a few streams per host (browsers allow six) does not apply.
 */
class SseHttp2Test {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aHundredSubscriptionsShareOneConnectionOverH2c() throws Exception {
    List<Subscription> subs = new ArrayList<>();
    try (ReferenceServer server = ReferenceServer.builder().h2c(true).start()) {
      SubscriptionConfig config =
          SubscriptionConfig.builder()
              .url(server.url())
              .transport("sse")
              .httpVersion(HttpVersion.H2C)
              .build();
      List<RecordingListener> recorders = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        RecordingListener recorder = new RecordingListener();
        recorders.add(recorder);
        Subscription sub = Tidings.subscribe(config.toBuilder().name("h2-" + i).build(), recorder);
        subs.add(sub);
        if (i == 0) {
          // Let the first one open the connection, so the others find it in the pool rather
          // than racing to open their own.
          assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
        }
      }
      for (Subscription sub : subs) {
        assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT), () -> sub + " did not open");
      }
      server.publish(5);
      for (RecordingListener recorder : recorders) {
        recorder.assertNextMessageIds(java.util.List.of("1", "2", "3", "4", "5"), WAIT);
      }
      assertEquals(100, server.openSseStreams());
      assertEquals(1, server.connectionsAccepted(), "100 streams, one TCP connection");
    } finally {
      subs.forEach(Subscription::close);
    }
  }
}
