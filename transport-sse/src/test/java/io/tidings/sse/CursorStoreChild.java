package io.tidings.sse;

import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The subscribing application of {@link CursorStoreRestartTest}, run in a child JVM: subscribes
 * with the properties file given as its first argument (which names a {@code tidings.cursor-store})
 * and prints {@value #PREFIX}{@code <id>} for every message, then works on it for the milliseconds
 * of its second argument (so that a feed is still being delivered when the parent kills it), until
 * it is killed.
 */
public final class CursorStoreChild {
  /** What starts the line printed for each delivered message. */
  public static final String PREFIX = "DELIVERED ";

  /** Printed once the subscription is open. */
  public static final String OPEN = "OPEN";

  private CursorStoreChild() {}

  /** Runs until killed. */
  public static void main(String[] args) throws Exception {
    SubscriptionConfig config = SubscriptionConfig.load(Path.of(args[0]));
    long workMillis = Long.parseLong(args[1]);
    CountDownLatch never = new CountDownLatch(1);
    Subscription sub =
        Tidings.subscribe(
            config,
            new SubscriptionListener() {
              @Override
              public void onMessage(Message message) {
                System.out.println(PREFIX + message.id());
                System.out.flush();
                try {
                  TimeUnit.MILLISECONDS.sleep(workMillis); // the application's work
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }

              @Override
              public void onError(TidingsException error) {
                System.err.println("error: " + error);
              }

              @Override
              public void onClosed(Throwable cause) {
                System.out.println("CLOSED " + cause);
                never.countDown();
              }
            });
    if (sub.awaitState(io.tidings.SubscriptionState.OPEN, java.time.Duration.ofSeconds(60))) {
      System.out.println(OPEN);
    }
    never.await();
  }
}
