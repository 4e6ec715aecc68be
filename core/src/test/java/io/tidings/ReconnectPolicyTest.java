package io.tidings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  private final ReconnectPolicy policy =
      ReconnectPolicy.exponentialBackoff()
          .initialDelay(Duration.ofMillis(100))
          .maxDelay(Duration.ofMillis(1000))
          .build();

  @Test
  void baseDelayGrowsByTheMultiplierUpToTheMaximum() {
    assertEquals(Duration.ofMillis(100), policy.baseDelay(1));
    assertEquals(Duration.ofMillis(200), policy.baseDelay(2));
    assertEquals(Duration.ofMillis(800), policy.baseDelay(4));
    assertEquals(Duration.ofMillis(1000), policy.baseDelay(5));
    assertEquals(Duration.ofMillis(1000), policy.baseDelay(500));
  }

  @Test
  void everyDelayStaysInsideItsJitterBounds() {
    Random random = new Random(42);
    for (int attempt = 1; attempt <= 20; attempt++) {
      long base = policy.baseDelay(attempt).toMillis();
      for (int i = 0; i < 200; i++) {
        long d =
            policy
                .nextDelay(attempt, Duration.ZERO, null, random.nextDouble())
                .orElseThrow()
                .toMillis();
        assertTrue(
            d >= base / 2 && d <= base,
            "attempt " + attempt + ": " + d + " outside [" + base / 2 + ", " + base + "]");
      }
    }
    assertEquals(
        Duration.ofMillis(100), policy.nextDelay(1, Duration.ZERO, null, 0.0).orElseThrow());
    assertEquals(
        Duration.ofMillis(50), policy.nextDelay(1, Duration.ZERO, null, 1.0).orElseThrow());
  }

  @Test
  void serverHintRaisesTheDelayButIsCapped() {
    assertEquals(
        Duration.ofSeconds(3),
        policy.nextDelay(1, Duration.ZERO, Duration.ofSeconds(3), 0.5).orElseThrow());
    assertEquals(
        ReconnectPolicy.DEFAULT_MAX_SERVER_DELAY,
        policy.nextDelay(1, Duration.ZERO, Duration.ofDays(1), 0.5).orElseThrow());
    // A hint shorter than the backoff does not shorten it.
    assertEquals(
        Duration.ofMillis(800),
        policy.nextDelay(4, Duration.ZERO, Duration.ofMillis(1), 0).orElseThrow());
  }

  @Test
  void givesUpAfterMaxAttemptsOrMaxElapsed() {
    ReconnectPolicy limited =
        policy.toBuilder().maxAttempts(3).maxElapsed(Duration.ofSeconds(10)).build();
    assertTrue(limited.nextDelay(3, Duration.ZERO, null, 0).isPresent());
    assertFalse(limited.nextDelay(4, Duration.ZERO, null, 0).isPresent());
    assertFalse(limited.nextDelay(1, Duration.ofSeconds(10), null, 0).isPresent());
    assertFalse(ReconnectPolicy.never().nextDelay(1, Duration.ZERO, null, 0).isPresent());
  }

  @Test
  void fixedDelayHasNoJitterAndNoGrowth() {
    ReconnectPolicy fixed = ReconnectPolicy.fixedDelay(Duration.ofMillis(250));
    for (int attempt = 1; attempt < 10; attempt++) {
      assertEquals(
          Duration.ofMillis(250),
          fixed.nextDelay(attempt, Duration.ZERO, null, 0.99).orElseThrow());
    }
  }

  @Test
  void fatalStatusesDefaultToAuthAndGone() {
    for (int code : new int[] {401, 403, 404, 410}) {
      assertTrue(policy.isFatalStatus(code));
    }
    assertFalse(policy.isFatalStatus(503));
    assertFalse(policy.toBuilder().fatalStatuses(Set.of()).build().isFatalStatus(401));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(
        IllegalArgumentException.class, () -> ReconnectPolicy.exponentialBackoff().jitter(1.5));
    assertThrows(
        IllegalArgumentException.class, () -> ReconnectPolicy.exponentialBackoff().multiplier(0.5));
    assertThrows(
        IllegalArgumentException.class, () -> ReconnectPolicy.exponentialBackoff().maxAttempts(-2));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ReconnectPolicy.exponentialBackoff()
                .initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(1))
                .build());
    assertThrows(IllegalArgumentException.class, () -> policy.baseDelay(0));
  }

  @Test
  void equalPoliciesAreEqual() {
    assertEquals(ReconnectPolicy.defaults(), ReconnectPolicy.exponentialBackoff().build());
    assertEquals(
        ReconnectPolicy.defaults().hashCode(),
        ReconnectPolicy.defaults().toBuilder().build().hashCode());
  }
}
