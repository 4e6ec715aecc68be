package io.tidings.testkit.junit;

import io.tidings.GaveUpException;
import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.testkit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One row of the README's bad-input matrix: what a hostile server sends, and what a subscription
 * does about it, stated once and both checked ({@link #verify}) and printed ({@link #table}) from
 * the same values, so the table cannot say what the test does not check.
 *
 * @param transport the transport the row is about
 * @param input what the server sends, in a few words of Markdown
 * @param reported the exception reported through {@code onError} (or, for {@link Then#ENDS}, as the
 *     cause of the {@link GaveUpException}); null when nothing is reported
 * @param then what the subscription does next
 * @param lost what the application does not get, in a few words
 */
public record BadInputCase(
    String transport, String input, Class<? extends Throwable> reported, Then then, String lost) {

  /** What a subscription does after the bad input. */
  public enum Then {
    /** The connection stays up and the next good message on it arrives. */
    GOES_ON("goes on over the same connection", SubscriptionState.OPEN),
    /** The connection is replaced after the backoff and the next good message arrives. */
    RECONNECTS("reconnects after the backoff", SubscriptionState.OPEN),
    /** Nothing to connect to: the subscription keeps trying with backoff (two retries seen). */
    RETRIES("keeps retrying with backoff", SubscriptionState.RECONNECTING),
    /** The subscription ends: {@code onClosed} with a {@link GaveUpException}. */
    ENDS("ends: onClosed(GaveUpException)", SubscriptionState.CLOSED);

    final String words;
    final SubscriptionState state;

    Then(String words, SubscriptionState state) {
      this.words = words;
      this.state = state;
    }
  }

  /**
   * The id of the good message every {@link Then#GOES_ON} or {@link Then#RECONNECTS} script sends.
   */
  public static final String GOOD_ID = "good";

  /** The good message, as the envelope a script serves. */
  public static final String GOOD_ENVELOPE =
      "{\"id\":\"good\",\"type\":\"t\",\"data\":{\"ok\":true}}";

  /** The row as a Markdown table row. */
  public String markdownRow() {
    return "| "
        + transport
        + " | "
        + input
        + " | "
        + (reported == null ? "nothing" : "`" + reported.getSimpleName() + "`")
        + " | "
        + then.state
        + " | "
        + then.words
        + " | "
        + lost
        + " |";
  }

  /** The rows as a Markdown table, with its header. */
  public static String table(List<BadInputCase> rows) {
    StringBuilder b =
        new StringBuilder(
            "| Transport | The server sends | Reported as | State afterwards | Then | Lost |\n"
                + "|---|---|---|---|---|---|\n");
    for (BadInputCase r : rows) {
      b.append(r.markdownRow()).append('\n');
    }
    return b.toString();
  }

  /**
   * Fails unless the README holds {@link #table} of {@code rows}, printing the table to paste.
   *
   * @param readme the README, e.g. {@code Path.of("..", "README.md")} from a module's tests
   */
  public static void assertDocumented(Path readme, List<BadInputCase> rows) throws IOException {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    String table = table(rows);
    if (!text.contains(table)) {
      throw new AssertionError(readme + ": the bad-input table is not up to date; paste\n" + table);
    }
  }

  /**
   * Subscribes with {@code config} (the server already scripted) and checks this row: the reported
   * exception, the next step and the state, within {@code timeout}. Closes the subscription.
   */
  public void verify(SubscriptionConfig config, Duration timeout) {
    RecordingListener listener = new RecordingListener();
    Subscription sub = Tidings.subscribe(config, listener);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      if (reported != null) {
        await(
            deadline,
            () ->
                listener.errors().stream().anyMatch(this::isReported)
                    || (listener.isClosed() && isReported(listener.awaitClosed(Duration.ZERO))),
            () -> "an error of " + reported.getSimpleName() + "; events: " + listener.events());
      }
      if (then == Then.RETRIES) {
        await(
            deadline,
            () -> sub.stats().reconnects() >= 2,
            () -> "two reconnect attempts; events: " + listener.events());
      } else if (then == Then.ENDS) {
        await(deadline, listener::isClosed, () -> "onClosed; events: " + listener.events());
        Throwable cause = listener.awaitClosed(Duration.ZERO);
        if (!(cause instanceof GaveUpException)) {
          throw new AssertionError("expected a GaveUpException, got " + cause);
        }
      } else {
        await(
            deadline,
            () -> listener.messages().stream().map(Message::id).anyMatch(GOOD_ID::equals),
            () -> "the good message; events: " + listener.events());
        long reconnects = sub.stats().reconnects();
        if (then == Then.GOES_ON && reconnects != 0) {
          throw new AssertionError(
              "expected the same connection, saw "
                  + reconnects
                  + " reconnects; "
                  + listener.events());
        }
        if (then == Then.RECONNECTS && reconnects == 0) {
          throw new AssertionError("expected a reconnect; events: " + listener.events());
        }
      }
      if (sub.state() != then.state) {
        throw new AssertionError("expected state " + then.state + ", was " + sub.state());
      }
      if (then != Then.ENDS && listener.isClosed()) {
        throw new AssertionError("ended: " + listener.events());
      }
    } finally {
      sub.close();
    }
  }

  private boolean isReported(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (reported.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static void await(
      long deadline, BooleanSupplier condition, java.util.function.Supplier<String> what) {
    try {
      if (!Await.within(condition, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        throw new AssertionError("timed out waiting for " + what.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return transport + ": " + input;
  }
}
