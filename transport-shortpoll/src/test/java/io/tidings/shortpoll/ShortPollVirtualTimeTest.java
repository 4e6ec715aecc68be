package io.tidings.shortpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsClient;
import io.tidings.spi.TimedDispatcher;
import io.tidings.spi.VirtualScheduler;
import io.tidings.testkit.Await;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Short polling on virtual time: the pause between polls (interval and jitter) is a delay of the
 * client's {@link io.tidings.spi.Scheduler}, so a 30 s interval is tested without waiting 30 s and
 * to the nanosecond. Only the HTTP exchanges run on real threads; the test waits for them on a
 * deadline.
 */
class ShortPollVirtualTimeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration NANO = Duration.ofNanos(1);
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final MockWebServer server = new MockWebServer();
  private final TimedDispatcher dispatcher =
      new TimedDispatcher(n -> new MockResponse.Builder().body("[]").build());
  private final VirtualScheduler clock = new VirtualScheduler();
  private Subscription sub;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(dispatcher);
    server.start();
  }

  @AfterEach
  void stop() {
    if (sub != null) {
      sub.close();
    }
    server.close();
  }

  private void subscribe(double jitter) {
    SubscriptionConfig config =
        SubscriptionConfig.builder()
            .url(server.url("/feed").uri())
            .transport("shortpoll")
            .stallTimeout(Duration.ofHours(1))
            .option(ShortPollTransportProvider.INTERVAL, INTERVAL)
            .option(ShortPollTransportProvider.JITTER, jitter)
            .build();
    sub =
        TidingsClient.builder().scheduler(clock).build().subscribe(config, new RecordingListener());
  }

  /**
   * Waits (real time, on a deadline) for poll {@code n} to be answered and its pause to be
   * scheduled, and returns that pause: the earliest task on the virtual clock.
   */
  private Duration pauseAfterPoll(int n) throws InterruptedException {
    Await.until(
        () -> {
          Duration next = clock.nextDelay();
          return dispatcher.count() == n
              && next != null
              && next.compareTo(Duration.ofMinutes(1)) < 0;
        },
        WAIT,
        "poll " + n + " answered and the next one scheduled");
    return clock.nextDelay();
  }

  /** Advances to a nanosecond before the pause (no poll), then the last nanosecond (a poll). */
  private void pollsExactlyAfter(Duration pause, int polls) throws InterruptedException {
    clock.advance(pause.minus(NANO));
    assertEquals(polls, dispatcher.count(), "polled before the pause of " + pause + " ended");
    clock.advance(NANO);
    Await.until(() -> dispatcher.count() == polls + 1, WAIT, "poll " + (polls + 1));
  }

  @Test
  void withoutJitterTheIntervalIsTheSchedulersDelayToTheNanosecond() throws Exception {
    subscribe(0.0);
    for (int poll = 1; poll <= 3; poll++) {
      Duration pause = pauseAfterPoll(poll);
      assertEquals(INTERVAL, pause, "pause after poll " + poll);
      pollsExactlyAfter(pause, poll);
    }
  }

  @Test
  void jitteredPausesStayWithinTheShareAroundTheInterval() throws Exception {
    double jitter = 0.25;
    Duration low = Duration.ofNanos((long) (INTERVAL.toNanos() * (1 - jitter)));
    Duration high = Duration.ofNanos((long) (INTERVAL.toNanos() * (1 + jitter)));
    subscribe(jitter);
    for (int poll = 1; poll <= 5; poll++) {
      Duration pause = pauseAfterPoll(poll);
      assertTrue(
          pause.compareTo(low) >= 0 && pause.compareTo(high) <= 0,
          "pause after poll " + poll + " is " + pause + ", outside " + low + ".." + high);
      pollsExactlyAfter(pause, poll);
    }
  }
}
