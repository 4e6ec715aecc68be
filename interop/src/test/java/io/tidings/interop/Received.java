package io.tidings.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.FailureKind;
import io.tidings.Message;
import io.tidings.TidingsException;
import io.tidings.testkit.Await;
import io.tidings.testkit.junit.RecordingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Checks on what a subscription received, shared by the interop tests. */
final class Received {
  /** How long a test waits for messages to arrive (generous: the CI machine may be loaded). */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** The end-of-feed marker a test publishes last: everything before it must have arrived. */
  static final String END = "end";

  /** What a cut connection or a restarted server is reported as; other errors fail a test. */
  static final Set<FailureKind> CONNECTION_FAILURES =
      EnumSet.of(FailureKind.NETWORK, FailureKind.TIMEOUT, FailureKind.CLOSED_BY_SERVER);

  private Received() {}

  /** {@code target/interop}, where the servers keep their files. */
  static Path work() {
    String work = System.getProperty("interop.work");
    if (work == null) {
      throw new IllegalStateException(
          "System property interop.work is not set: run mvn -B -Pinterop -pl interop -am verify");
    }
    return Path.of(work);
  }

  /** {@code prefix1 .. prefixN} for {@code from..to}. */
  static List<String> range(String prefix, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).collect(Collectors.toList());
  }

  /** The data of every message received so far, in order. */
  static List<String> data(RecordingListener listener) {
    return listener.messages().stream().map(Message::data).collect(Collectors.toList());
  }

  /** Waits until at least {@code n} messages have arrived. */
  static void awaitCount(RecordingListener listener, int n, String what)
      throws InterruptedException {
    Await.until(
        () -> listener.messages().size() >= n,
        TIMEOUT,
        n + " messages " + what + " (have " + listener.messages().size() + ")");
  }

  /**
   * Waits for the {@link #END} marker, then asserts that exactly {@code expected} came before it:
   * nothing lost, nothing twice, in order, and no gaps and no errors but lost connections.
   */
  static void assertExactlyOnce(RecordingListener listener, List<String> expected, String what)
      throws InterruptedException {
    Await.until(
        () -> data(listener).contains(END),
        TIMEOUT,
        "the end marker " + what + " (have " + listener.messages().size() + " messages)");
    List<String> got = data(listener);
    List<String> before = got.subList(0, got.indexOf(END));
    assertEquals(expected.size(), before.size(), what + ": messages before the end marker");
    assertEquals(expected, before, what + ": every message once and in order");
    List<TidingsException> unexpected =
        listener.errors().stream()
            .filter(e -> !CONNECTION_FAILURES.contains(e.kind()))
            .collect(Collectors.toList());
    assertEquals(List.of(), unexpected, what + ": errors other than a lost connection");
    assertEquals(List.of(), listener.gaps(), what + ": gaps");
  }
}
