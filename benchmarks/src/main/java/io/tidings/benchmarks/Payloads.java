package io.tidings.benchmarks;

/**
 * The data of benchmark messages. A measured message is {@code
 * {"ph":<phase>,"i":<index>,"t":<System.nanoTime() at publish>,"pad":"xxx…"}}; a probe (sent until
 * a client is positioned in the feed) is {@code {"probe":<n>}}. Fields come in this fixed order so
 * that reading them back needs no JSON parser: both clients pay the same for it. Stateless.
 */
final class Payloads {
  private static final String PROBE_PREFIX = "{\"probe\":";

  private Payloads() {}

  /** The data of message {@code index} of {@code phase}, stamped now. */
  static String measured(int phase, int index, String padding) {
    return "{\"ph\":"
        + phase
        + ",\"i\":"
        + index
        + ",\"t\":"
        + System.nanoTime()
        + ",\"pad\":\""
        + padding
        + "\"}";
  }

  /** The data of probe {@code n}. */
  static String probe(long n) {
    return PROBE_PREFIX + n + "}";
  }

  /** {@code n} padding characters. */
  static String padding(int n) {
    return "x".repeat(n);
  }

  /** The probe number in {@code data}, or -1 when it is not a probe. */
  static long probeNumber(String data) {
    return data.startsWith(PROBE_PREFIX) ? number(data, PROBE_PREFIX.length()) : -1;
  }

  /** The value of the numeric field {@code name} ({@code "ph"}, {@code "i"}, {@code "t"}). */
  static long field(String data, String name) {
    int at = data.indexOf("\"" + name + "\":");
    if (at < 0) {
      throw new IllegalArgumentException("Not a benchmark message (no " + name + "): " + data);
    }
    return number(data, at + name.length() + 3);
  }

  private static long number(String s, int from) {
    long v = 0;
    int i = from;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    if (i == from) {
      throw new IllegalArgumentException("Expected a number at " + from + " in " + s);
    }
    return v;
  }
}
