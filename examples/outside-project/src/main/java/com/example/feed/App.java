package com.example.feed;

import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * An application of its own using Tidings: prints the first messages of the feed that {@code
 * tidings.properties} names, then exits. The README's first example is the body of {@link #run}.
 */
public final class App {
  private App() {}

  /** Prints the first 10 messages; exits 1 when the subscription does not open. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run());
  }

  /** Prints the first 10 messages; 0 when they arrived, 1 when the subscription did not open. */
  static int run() throws InterruptedException {
    SubscriptionConfig config = SubscriptionConfig.load(Path.of("tidings.properties"));
    CountDownLatch received = new CountDownLatch(10);
    SubscriptionListener listener =
        new SubscriptionListener() {
          @Override
          public void onMessage(Message message) {
            System.out.println(message.id() + " " + message.data());
            received.countDown();
          }

          @Override
          public void onError(TidingsException error) { // the subscription retries on its own
            System.err.println("tidings: " + error.getMessage());
          }
        };
    try (Subscription sub = Tidings.subscribe(config, listener)) {
      if (!sub.awaitState(SubscriptionState.OPEN, Duration.ofSeconds(10))) {
        System.err.println("not open after 10 s: " + sub.state() + ", " + sub.stats());
        return 1;
      }
      received.await(); // while messages arrive on Tidings' delivery threads
    }
    return 0;
  }
}
