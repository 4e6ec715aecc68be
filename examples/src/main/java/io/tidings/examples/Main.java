package io.tidings.examples;

import io.tidings.testkit.ReferenceServerMain;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
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
    EXAMPLES.put("server", ReferenceServerMain::main); // runs until stopped
  }

  /** Runs the named example (the demo when none is named) and exits with its status. */
  public static void main(String[] args) {
    String name = args.length == 0 ? "demo" : args[0];
    Example example = EXAMPLES.get(normalize(name));
    if (example == null) {
      System.err.println(
          "Unknown example '" + name + "'. Examples: " + String.join(", ", EXAMPLES.keySet()));
      System.exit(2);
      return;
    }
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    try {
      example.run(rest); // Demo and Compare exit on their own, with their status
    } catch (Exception | AssertionError e) {
      System.err.println("FAILED " + name + ": " + e);
      System.exit(1);
      return;
    }
    System.exit(0);
  }

  /** {@code TypedMessages}, {@code typedmessages} and {@code typed-messages} are one name. */
  private static String normalize(String name) {
    String flat = name.replace("-", "").toLowerCase(Locale.ROOT);
    for (String key : EXAMPLES.keySet()) {
      if (key.replace("-", "").equals(flat)) {
        return key;
      }
    }
    return name;
  }
}
