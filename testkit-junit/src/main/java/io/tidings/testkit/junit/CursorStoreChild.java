package io.tidings.testkit.junit;

import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The application of the conformance suite's restart tests, run in a child JVM: subscribes with the
 * properties file of its first argument (which names a {@code tidings.cursor-store}), closes the
 * subscription from a shutdown hook (the graceful stop a SIGTERM starts), and prints {@value
 * #PREFIX}{@code <id>} as each message's handling starts. The message whose id is the second
 * argument ({@code 0}: none) is handled until the application is asked to stop, so that one is in
 * flight when the parent stops or kills the child.
 */
public final class CursorStoreChild {
  /** What starts the line printed for each delivered message. */
  public static final String PREFIX = "DELIVERED ";

  /** Printed by {@code onClosed}: the graceful stop ran. */
  public static final String CLOSED = "CLOSED";

  private static final Duration LONGEST_WORK = Duration.ofSeconds(60);

  private CursorStoreChild() {}

  /** Runs until stopped or killed. */
  public static void main(String[] args) throws Exception {
    SubscriptionConfig config = SubscriptionConfig.load(Path.of(args[0]));
    String busyOn = args[1];
    CompletableFuture<Subscription> self = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    SubscriptionListener listener =
        new SubscriptionListener() {
          @Override
          public void onMessage(Message message) {
            System.out.println(PREFIX + message.id());
            System.out.flush();
            if (message.id().equals(busyOn)) {
              try { // long work, which the application finishes when it is asked to stop
                self.join().awaitState(SubscriptionState.CLOSED, LONGEST_WORK);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public void onError(TidingsException error) {
            System.err.println("error: " + error);
          }

          @Override
          public void onClosed(Throwable cause) {
            System.out.println(CLOSED + " " + cause);
            System.out.flush();
            closed.complete(null);
          }
        };
    Subscription subscription = Tidings.subscribe(config, listener);
    Runtime.getRuntime().addShutdownHook(new Thread(subscription::close, "close-subscription"));
    self.complete(subscription);
    closed.join();
  }
}
