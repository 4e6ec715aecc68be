package io.tidings.examples;

import java.time.Instant;

/**
 * The data of the demo's messages: a counter and the publish time, so a subscriber can measure
 * delivery latency. On the wire: {@code {"n":7,"sentAtMicros":1767225600000123}}.
 *
 * @param n the publisher's counter, from 1
 * @param sentAtMicros when it was published, in microseconds since the epoch
 */
public record Tick(long n, long sentAtMicros) {
  /** A tick stamped with the current time. */
  public static Tick now(long n) {
    return new Tick(n, nowMicros());
  }

  /** Microseconds from publishing to now. */
  public long ageMicros() {
    return nowMicros() - sentAtMicros;
  }

  /** The current time in microseconds since the epoch. */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
