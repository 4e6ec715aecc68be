package io.tidings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  @Test
  void baseDelayDoublesUpToTheMaximum() {
    ReconnectPolicy p =
        ReconnectPolicy.exponentialBackoff()
            .initialDelay(Duration.ofMillis(100))
            .maxDelay(Duration.ofMillis(1000))
            .build();
    assertEquals(Duration.ofMillis(100), p.baseDelay(1));
    assertEquals(Duration.ofMillis(800), p.baseDelay(4));
    assertEquals(Duration.ofMillis(1000), p.baseDelay(5));
  }
}
