package io.tidings.examples;

import io.tidings.testkit.ReferenceServerMain;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry point of {@code tidings-examples.jar}: {@code java -jar tidings-examples.jar [example]
 * [arguments]}. No argument runs the {@link Demo}; {@code compare} runs {@link Compare}; {@code
 * server} runs the testkit's {@link ReferenceServerMain} until the process is stopped; any other
 * example is named in kebab case ({@code typed-messages}) or by its class name ({@code
 * TypedMessages}). Exits with the example's status: 0 when it passed.
 */
public final class Main {
  private Main() {}

  /** An example's {@code main}. */
  @FunctionalInterface
  private interface Example {
    void run(String[] args) throws Exception;
  }

  private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("demo", Demo::main);
    EXAMPLES.put("compare", Compare::main);
    EXAMPLES.put("typed-messages", TypedMessages::main);
    EXAMPLES.put("flow-consumer", FlowConsumer::main);
    EXAMPLES.put("websocket-send", WebSocketSend::main);
    EXAMPLES.put("watch-rest-resource", WatchRestResource::main);
    EXAMPLES.put("named-subscriptions", NamedSubscriptions::main);
    EXAMPLES.put("spring", io.tidings.examples.spring.SpringExample::main);
    EXAMPLES.put("fallback", Fallback::main);
    EXAMPLES.put("rotating-credentials", RotatingCredentials::main);
    EXAMPLES.put("server", ReferenceServerMain::main); // runs until stopped
  }

  /**
   * Runs the named example (the demo when none is named) and exits with its status; {@code --help}
   * prints {@link DemoArgs}' help and exits 0, a bad argument exits 2 (both before anything runs).
   */
  public static void main(String[] args) {
    DemoArgs.Parsed parsed = DemoArgs.parse(args);
    if (parsed.help() != null) {
      System.out.println(parsed.help());
      System.exit(0);
      return;
    }
    if (parsed.error() != null) {
      System.err.println(parsed.error());
      System.exit(DemoArgs.BAD_ARGUMENTS);
      return;
    }
    String name = parsed.example();
    Example example = EXAMPLES.get(name);
    if (example == null) { // in DemoArgs' table but not here: a mistake in this class
      System.err.println("Example '" + name + "' is not wired into Main");
      System.exit(DemoArgs.BAD_ARGUMENTS);
      return;
    }
    String[] rest = parsed.rest().toArray(new String[0]);
    try {
      example.run(rest); // Demo and Compare exit on their own, with their status
    } catch (Exception | AssertionError e) {
      System.err.println("FAILED " + name + ": " + e);
      System.exit(1);
      return;
    }
    System.exit(0);
  }

  /** The examples' names, for tests. */
  static java.util.Set<String> names() {
    return EXAMPLES.keySet();
  }
}
