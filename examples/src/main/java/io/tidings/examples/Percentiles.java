package io.tidings.examples;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of a set of samples, from a sorted copy (nearest rank). Immutable. */
final class Percentiles {
  private final long[] sorted;

  Percentiles(Collection<Long> samples) {
    sorted = samples.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
  }

  /** True when there are no samples. */
  boolean isEmpty() {
    return sorted.length == 0;
  }

  /**
   * The sample at percentile {@code p} (0 to 100): the smallest sample with at least p percent of
   * the samples at or below it. Zero when empty.
   */
  long at(double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Microseconds as milliseconds with one decimal, such as {@code 1.2 ms}; "n/a" when empty. */
  String millis(double p) {
    return isEmpty() ? "n/a" : formatMillis(at(p));
  }

  static String formatMillis(long micros) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0);
  }
}
