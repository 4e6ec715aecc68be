package io.tidings.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An idle WebSocket whose pings are answered is healthy: core must not replace it as stalled. */
class WebSocketIdleTest {
  @Test
  void answeredPingsKeepAnIdleSocketOpenPastTheStallTimeout() throws Exception {
    // Pings every half second: OkHttp fails a socket whose pong is one interval late, so a much
    // shorter interval could fail on a loaded machine for reasons this test is not about.
    Duration stall = Duration.ofSeconds(2);
    try (ReferenceServer server = ReferenceServer.start();
        Subscription sub =
            Tidings.subscribe(
                SubscriptionConfig.builder()
                    .url(server.url())
                    .transport("websocket")
                    .stallTimeout(stall)
                    .option(WebSocketTransportProvider.PING_INTERVAL, Duration.ofMillis(500))
                    .build(),
                new RecordingListener())) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, Duration.ofSeconds(10)));
      // Two stall timeouts of silence: the failure we look for (a second connection) would show
      // up by then. The latch is never counted down; await() is the deadline.
      long deadline = System.nanoTime() + stall.multipliedBy(2).toNanos();
      CountDownLatch never = new CountDownLatch(1);
      while (System.nanoTime() < deadline && sub.stats().connections() == 1) {
        never.await(50, TimeUnit.MILLISECONDS);
      }
      assertEquals(1, sub.stats().connections(), () -> "replaced while idle: " + sub.stats());
      assertEquals(SubscriptionState.OPEN, sub.state());
      server.publish(1);
    }
  }
}
