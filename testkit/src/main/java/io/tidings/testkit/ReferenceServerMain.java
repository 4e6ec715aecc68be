package io.tidings.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link ReferenceServer} from the command line, publishing ticks at a fixed rate, for the
 * examples and for trying transports by hand:
 *
 * <pre>
 * java -cp ... io.tidings.testkit.ReferenceServerMain --port 8080 --rate 10
 * </pre>
 *
 * <p>Options: {@code --port N} (default 8080, 0 for any), {@code --rate N} messages per second
 * (default 1, 0 for none), {@code --path /events}, {@code --history N}, {@code --heartbeat 15s},
 * {@code --h2c}. Stops on Ctrl-C.
 */
public final class ReferenceServerMain {
  /** The port used unless {@code --port} says otherwise. */
  public static final int DEFAULT_PORT = 8080;

  private ReferenceServerMain() {}

  /**
   * Starts the server and publishes until the process is stopped.
   *
   * @param args the options above
   */
  public static void main(String[] args) throws InterruptedException {
    ReferenceServer.Builder b = ReferenceServer.builder().port(DEFAULT_PORT);
    double rate = 1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--port":
          b.port(Integer.parseInt(value(args, ++i, a)));
          break;
        case "--rate":
          rate = Double.parseDouble(value(args, ++i, a));
          break;
        case "--path":
          b.path(value(args, ++i, a));
          break;
        case "--history":
          b.historySize(Integer.parseInt(value(args, ++i, a)));
          break;
        case "--heartbeat":
          b.heartbeatInterval(seconds(value(args, ++i, a)));
          break;
        case "--h2c":
          b.h2c(true);
          break;
        case "--help":
          System.out.println(
              "Options: --port N --rate N --path /events --history N --heartbeat 15s --h2c");
          return;
        default:
          throw new IllegalArgumentException("Unknown option " + a + "; try --help");
      }
    }
    ReferenceServer server = b.start();
    ScheduledExecutorService publisher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "refserver-publisher");
              t.setDaemon(true);
              return t;
            });
    if (rate > 0) {
      long period = Math.max(1, (long) (1_000_000_000L / rate));
      publisher.scheduleAtFixedRate(() -> server.publish(1), 0, period, TimeUnit.NANOSECONDS);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  publisher.shutdownNow();
                  server.close();
                  stopped.countDown();
                },
                "refserver-shutdown"));
    System.out.println(
        "Tidings reference server: " + server.url() + " (ws: " + server.wsUrl() + ")");
    System.out.println(
        "Publishing " + rate + " message(s) per second; POST to " + server.publishUrl());
    stopped.await();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static Duration seconds(String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    if (s.endsWith("s")) {
      s = s.substring(0, s.length() - 1);
    }
    return Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
  }
}
