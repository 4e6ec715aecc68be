package io.tidings.benchmarks;

import static java.lang.Double.NaN;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints {@link FanOutBenchmark}'s table: one per transport. Stateless. */
final class FanOutReport {
  private static final String ROW = "%-34s %5s %9s %9s %17s %8s %8s %8s %8s %8s %8s %6s%n";

  private FanOutReport() {}

  static void print(List<FanOutResult> results, PrintStream out) {
    for (FanOutResult r : results) {
      print(r, out);
    }
  }

  static void print(FanOutResult r, PrintStream out) {
    double rttMicros = r.roundTrip().toNanos() / 1000.0;
    out.println();
    out.printf(
        Locale.ROOT,
        "== %s: %d subscriptions x %d messages at %d/s; one round trip = %.3f ms"
            + " (median raw GET of a short-poll answer) ==%n",
        r.transport(),
        r.tidings().subscriptions(),
        r.messages(),
        r.rate(),
        rttMicros / 1000);
    out.printf(
        Locale.ROOT,
        ROW,
        "client",
        "subs",
        "listening",
        "listen ms",
        "received/expected",
        "missing",
        "p50 ms",
        "p99 ms",
        "max ms",
        "p50 RTT",
        "p99 RTT",
        "conns");
    for (FanOutRow row : r.rows()) {
      double[] l = row.latencyMicros();
      out.printf(
          Locale.ROOT,
          ROW,
          row.client(),
          row.subscriptions(),
          row.listening(),
          row.listenNanos() / 1_000_000,
          row.received() + "/" + row.expected(),
          row.missing(),
          millis(l[0]),
          millis(l[2]),
          millis(l[3]),
          ratio(l[0] / rttMicros, "%.1f"),
          ratio(l[2] / rttMicros, "%.1f"),
          row.connections());
    }
    double[] t = r.tidings().latencyMicros();
    for (FanOutRow raw : r.rows().subList(1, r.rows().size())) {
      // Against a row that missed deliveries, latency ratios would compare different things.
      double[] l = raw.complete() ? raw.latencyMicros() : new double[] {NaN, NaN, NaN, NaN, NaN};
      out.printf(
          Locale.ROOT,
          ROW,
          "tidings / " + raw.client(),
          "",
          "",
          "",
          "",
          "",
          ratio(t[0] / l[0], "%.2f"),
          ratio(t[2] / l[2], "%.2f"),
          ratio(t[3] / l[3], "%.2f"),
          "",
          "",
          "");
    }
    if (r.tidings().errors() > 0) {
      out.printf(Locale.ROOT, "tidings reported %d errors%n", r.tidings().errors());
    }
  }

  private static String millis(double micros) {
    if (Double.isNaN(micros)) {
      return "-";
    }
    double ms = micros / 1000;
    return String.format(Locale.ROOT, ms < 10 ? "%.3f" : ms < 1000 ? "%.1f" : "%.0f", ms);
  }

  private static String ratio(double v, String format) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, format, v);
  }
}
