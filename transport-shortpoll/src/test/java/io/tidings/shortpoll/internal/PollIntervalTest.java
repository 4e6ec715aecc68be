package io.tidings.shortpoll.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollIntervalTest {
  private static final Duration MIN = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(800);

  @Test
  void fixedIntervalNeverMoves() {
    PollInterval fixed =
        new PollInterval(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 0);
    assertEquals(Duration.ofSeconds(2), fixed.next(true, 0.5));
    assertEquals(Duration.ofSeconds(2), fixed.next(false, 0.5));
  }

  @Test
  void adaptiveSlowsDownWhileEmptyAndSpeedsUpWithData() {
    PollInterval adaptive = new PollInterval(Duration.ofMillis(200), MIN, MAX, 0);
    assertEquals(Duration.ofMillis(400), adaptive.next(false, 0.5));
    assertEquals(Duration.ofMillis(800), adaptive.next(false, 0.5));
    assertEquals(MAX, adaptive.next(false, 0.5));
    assertEquals(Duration.ofMillis(400), adaptive.next(true, 0.5));
    assertEquals(Duration.ofMillis(200), adaptive.next(true, 0.5));
    assertEquals(MIN, adaptive.next(true, 0.5));
    assertEquals(MIN, adaptive.next(true, 0.5));
  }

  @Test
  void startIsClampedIntoTheRange() {
    assertEquals(MAX, new PollInterval(Duration.ofHours(1), MIN, MAX, 0).current());
  }

  @Test
  void jitterStaysWithinItsShare() {
    PollInterval i =
        new PollInterval(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0.1);
    assertEquals(Duration.ofMillis(900), i.next(false, 0.0));
    assertEquals(Duration.ofMillis(1100), i.next(false, 1.0));
    for (double r = 0; r < 1; r += 0.01) {
      Duration d = i.next(false, r);
      assertTrue(d.toMillis() >= 900 && d.toMillis() <= 1100, d.toString());
    }
  }
}
