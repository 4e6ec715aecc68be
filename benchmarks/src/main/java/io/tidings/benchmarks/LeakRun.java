package io.tidings.benchmarks;

import io.tidings.testkit.LeakCycles;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The leak run: {@link LeakCycles} with a thousand subscribe/close cycles per transport (closes
 * while connecting, during the backoff after a {@code 500}, and once open), then the threads and
 * file descriptors left. Prints one line per transport; exits 1 when one left anything behind.
 *
 * <p>{@code java -cp benchmarks/target/tidings-benchmarks.jar io.tidings.benchmarks.LeakRun
 * [cycles] [transport...]}
 */
public final class LeakRun {
  private LeakRun() {}

  public static void main(String[] args) throws Exception {
    int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    List<String> transports =
        args.length > 1
            ? List.of(args).subList(1, args.length)
            : List.of("shortpoll", "longpoll", "sse", "websocket");
    boolean clean = true;
    for (String t : transports) {
      LeakCycles.Result r = LeakCycles.run(t, cycles, Duration.ofSeconds(60));
      clean &= r.clean();
      System.out.printf(
          Locale.ROOT,
          "LeakRun %-9s %d cycles in %.1f s: descriptors %d before (servers' %d), %d after;"
              + " threads left %s -> %s; load average %.2f%n",
          t,
          r.cycles(),
          r.elapsed().toMillis() / 1000.0,
          r.baselineFds(),
          r.serverFds(),
          r.fdsAfter(),
          r.threadsLeft(),
          r.clean() ? "clean" : "LEAK",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    System.exit(clean ? 0 : 1);
  }
}
