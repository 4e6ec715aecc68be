package io.tidings.examples;

import io.tidings.Subscription;
import io.tidings.SubscriptionState;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.TransportStats;
import java.time.Duration;

/**
 * Waits until a subscription to a {@link ReferenceServer} is listening, so that what is published
 * next is delivered at once. That is when it is {@link SubscriptionState#OPEN}, or, for long
 * polling, when the server holds one of its polls: a long poll is reported open only when its first
 * answer comes back, which is when there is data or the wait has passed.
 */
final class Listening {
  private static final long CHECK_MILLIS = 10;

  private Listening() {}

  /**
   * Waits until {@code sub} is open, or the server holds a long poll of it sent after {@code
   * requestsBefore} requests of its transport.
   *
   * @return true when listening; false when the timeout passed or the subscription closed
   */
  static boolean await(
      Subscription sub, ReferenceServer server, long requestsBefore, Duration timeout)
      throws InterruptedException {
    Deadline deadline = new Deadline(timeout);
    while (true) {
      SubscriptionState state = sub.state();
      if (state == SubscriptionState.OPEN) {
        return true;
      }
      if (state == SubscriptionState.CLOSED || deadline.passed()) {
        return false;
      }
      if (sub.transport().equals("longpoll")) {
        TransportStats stats = server.stats("longpoll");
        if (stats.open() > 0 && stats.requests() > requestsBefore) {
          return true;
        }
      }
      Thread.sleep(CHECK_MILLIS);
    }
  }

  /** The requests the server counted so far for the subscription's transport. */
  static long requests(Subscription sub, ReferenceServer server) {
    return server.stats(sub.transport()).requests();
  }
}
