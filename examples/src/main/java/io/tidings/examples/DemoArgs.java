package io.tidings.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of {@code ./demo} and {@code tidings-examples.jar}: which examples exist, which
 * options each takes, and their help texts. Uses the JDK only, so that {@code ./demo} can run this
 * one file in source-file mode ({@code java DemoArgs.java args...}) and reject a bad argument, or
 * print {@code --help}, before it builds anything with Maven. {@link Main} checks with the same
 * table. Stateless.
 *
 * <p>As a program: exits 0 when the arguments are good, {@value #HELP_PRINTED} after printing a
 * help text to stdout, and 2 after printing what is wrong to stderr.
 */
public final class DemoArgs {
  /** The exit status of {@link #main} after it printed a help text. */
  public static final int HELP_PRINTED = 10;

  /** The exit status of {@link #main} for bad arguments. */
  public static final int BAD_ARGUMENTS = 2;

  /** One example: its options and help text. */
  record Spec(String summary, String usage, List<String> valueOptions, List<String> flags) {}

  /** The examples by name, the default ({@code demo}) first. */
  static final Map<String, Spec> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put(
        "demo",
        new Spec(
            "subscribe, drop the connection, resume with nothing lost (the default)",
            "./demo [-Dtidings.<key>=<value> ...]\n"
                + "  Subscribes with examples/tidings.properties to a reference server started in\n"
                + "  this process, publishes 40 messages and drops the connection once; exits 0 when\n"
                + "  all arrived once each, in order. With -Dtidings.url=<your server> it watches\n"
                + "  that feed for 10 s instead, printing messages, reconnects, errors and gaps.",
            List.of(),
            List.of()));
    EXAMPLES.put(
        "compare",
        new Spec(
            "the same feed over all four transports, side by side",
            "./demo compare [--messages N] [--rate N] [--seconds S] [--chart FILE]"
                + " [-Dtidings.<key>=<value> ...]\n"
                + "  --messages N   messages published (default 200)\n"
                + "  --rate N       messages per second (default 50)\n"
                + "  --seconds S    how long a server of your own (-Dtidings.url=...) is watched"
                + " (default 10)\n"
                + "  --chart FILE   where the latency chart (PNG) goes (default"
                + " examples/target/compare-latency.png)",
            List.of("--messages", "--rate", "--seconds", "--chart"),
            List.of()));
    EXAMPLES.put("typed-messages", simple("Message.as(Class) decoding JSON data into a record"));
    EXAMPLES.put("flow-consumer", simple("Tidings.publisher(config) with request(n)"));
    EXAMPLES.put("websocket-send", simple("Subscription.send over WebSocket"));
    EXAMPLES.put("watch-rest-resource", simple("short polling a plain REST resource, raw format"));
    EXAMPLES.put("named-subscriptions", simple("two named subscriptions in one file"));
    EXAMPLES.put("spring", simple("a Spring Boot application with tidings-spring-boot-starter"));
    EXAMPLES.put(
        "fallback",
        simple(
            "WebSocket refused: falls back to SSE, probes back once upgrades pass, nothing lost"));
    EXAMPLES.put(
        "rotating-credentials",
        simple("a CredentialsProvider refreshing an expired token after a 401"));
    EXAMPLES.put(
        "server",
        new Spec(
            "the reference server on its own, until Ctrl-C",
            "./demo server [options]\n" + serverUsage(),
            List.of("--host", "--port", "--rate", "--path", "--history", "--heartbeat"),
            List.of(
                "--h2c",
                "--fault-control",
                "--no-fault-control",
                "--replay",
                "--no-replay",
                "--quiet")));
  }

  private DemoArgs() {}

  private static Spec simple(String summary) {
    return new Spec(summary, "", List.of(), List.of());
  }

  /**
   * The reference server's options, as {@code io.tidings.testkit.ReferenceServerMain.USAGE} prints
   * them (a test keeps the two equal; this file may use the JDK only).
   */
  static String serverUsage() {
    return "Options: --host 127.0.0.1  --port 8080 (0: any free port)  --rate 1 (messages per second,"
        + " 0: none)\n"
        + "         --path /events  --history 1000  --heartbeat 15s  --h2c\n"
        + "         --replay | --no-replay (default: --no-replay; --replay sends a client that has no"
        + " cursor\n"
        + "           the retained history first, up to --history messages)\n"
        + "         --quiet (no line per connection, fault switch and received message)\n"
        + "         --fault-control | --no-fault-control (default: on for a loopback host only)";
  }

  /** {@code ./demo --help}. */
  static String help() {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: ./demo [example] [options] [-Dtidings.<key>=<value> ...]\n")
        .append("Examples:\n");
    EXAMPLES.forEach(
        (name, spec) ->
            sb.append(String.format(Locale.ROOT, "  %-20s %s%n", name, spec.summary())));
    sb.append("Any tidings.* key can be set with -D, for example -Dtidings.transport=websocket\n")
        .append(
            "(keys: docs/CONFIGURATION.md). ./demo <example> --help shows an example's options.");
    return sb.toString();
  }

  /** {@code ./demo <example> --help}. */
  static String help(String example) {
    Spec spec = EXAMPLES.get(example);
    String usage =
        spec.usage().isEmpty()
            ? "./demo " + example + " [-Dtidings.<key>=<value> ...]\n  Takes no options."
            : spec.usage();
    return example + ": " + spec.summary() + "\n" + usage;
  }

  /**
   * The example named by {@code name} ({@code typed-messages}, {@code TypedMessages} and {@code
   * typedmessages} are one name), or null.
   */
  static String normalize(String name) {
    String flat = name.replace("-", "").toLowerCase(Locale.ROOT);
    for (String key : EXAMPLES.keySet()) {
      if (key.replace("-", "").equals(flat)) {
        return key;
      }
    }
    return null;
  }

  /**
   * What the arguments ask for.
   *
   * @param example the example to run, null when only help was asked for or the arguments are bad
   * @param rest the example's own arguments (without the example's name and {@code -D} options)
   * @param help the help text to print, or null
   * @param error what is wrong and what to do, or null
   */
  record Parsed(String example, List<String> rest, String help, String error) {}

  /** Checks {@code args} (the {@code -D} options left out) against the table. */
  static Parsed parse(String... args) {
    List<String> plain = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-D")) {
        if (!a.contains("=") || a.length() < 4) {
          return bad("'" + a + "' is not a -Dname=value option, such as -Dtidings.transport=sse");
        }
      } else {
        plain.add(a);
      }
    }
    String example = "demo";
    if (!plain.isEmpty() && !plain.get(0).startsWith("-")) {
      example = normalize(plain.get(0));
      if (example == null) {
        return bad(
            "unknown example '"
                + plain.get(0)
                + "'"
                + suggestion(plain.get(0))
                + "; examples: "
                + String.join(", ", EXAMPLES.keySet())
                + " (./demo --help)");
      }
      plain.remove(0);
    } else if (!plain.isEmpty() && isHelp(plain.get(0))) {
      return new Parsed(null, List.of(), help(), null);
    }
    Spec spec = EXAMPLES.get(example);
    for (int i = 0; i < plain.size(); i++) {
      String a = plain.get(i);
      if (isHelp(a)) {
        return new Parsed(null, List.of(), help(example), null);
      }
      if (spec.valueOptions().contains(a)) {
        if (i + 1 >= plain.size() || plain.get(i + 1).startsWith("--")) {
          return bad(a + " needs a value (./demo " + example + " --help)");
        }
        i++;
      } else if (!spec.flags().contains(a)) {
        List<String> known = new ArrayList<>(spec.valueOptions());
        known.addAll(spec.flags());
        return bad(
            known.isEmpty()
                ? "'" + example + "' takes no argument, was '" + a + "' (./demo --help)"
                : "unknown option '"
                    + a
                    + "' for '"
                    + example
                    + "'; its options: "
                    + String.join(" ", known)
                    + " (./demo "
                    + example
                    + " --help)");
      }
    }
    return new Parsed(example, List.copyOf(plain), null, null);
  }

  private static boolean isHelp(String a) {
    return a.equals("--help") || a.equals("-h") || a.equals("help");
  }

  private static Parsed bad(String error) {
    return new Parsed(null, List.of(), null, error);
  }

  /** ", did you mean 'x'?" for a name within two edits of an example's, else "". */
  private static String suggestion(String name) {
    String best = null;
    int bestDistance = 3;
    for (String key : EXAMPLES.keySet()) {
      int d = distance(name.toLowerCase(Locale.ROOT), key);
      if (d < bestDistance) {
        bestDistance = d;
        best = key;
      }
    }
    return best == null ? "" : ", did you mean '" + best + "'?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * Checks the arguments for {@code ./demo} before it builds: exits 0 when they are good, {@value
   * #HELP_PRINTED} after printing help, {@value #BAD_ARGUMENTS} after printing what is wrong.
   */
  public static void main(String[] args) {
    Parsed p = parse(args);
    if (p.help() != null) {
      System.out.println(p.help());
      System.exit(HELP_PRINTED);
    } else if (p.error() != null) {
      System.err.println("demo: " + p.error());
      System.exit(BAD_ARGUMENTS);
    }
  }
}
