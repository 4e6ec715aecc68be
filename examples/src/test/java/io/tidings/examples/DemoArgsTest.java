package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.testkit.ReferenceServerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoArgsTest {
  @Test
  void everyExampleOfMainIsInTheTableAndTheOtherWayRound() {
    assertEquals(List.copyOf(DemoArgs.EXAMPLES.keySet()), List.copyOf(Main.names()));
  }

  @Test
  void theServerOptionsAreTheReferenceServersOwn() {
    assertEquals(ReferenceServerMain.USAGE, DemoArgs.serverUsage());
  }

  @Test
  void noArgumentRunsTheDemo() {
    DemoArgs.Parsed p = DemoArgs.parse();
    assertEquals("demo", p.example());
    assertEquals(List.of(), p.rest());
    assertNull(p.error());
    assertNull(p.help());
  }

  @Test
  void goodArgumentsArePassedOn() {
    DemoArgs.Parsed p =
        DemoArgs.parse("Compare", "--messages", "10", "-Dtidings.transport=websocket");
    assertEquals("compare", p.example());
    assertEquals(List.of("--messages", "10"), p.rest());
    assertEquals("server", DemoArgs.parse("server", "--port", "0", "--no-replay").example());
    assertEquals("typed-messages", DemoArgs.parse("typedmessages").example());
  }

  @Test
  void helpIsAnsweredForTheDemoAndEachExample() {
    assertTrue(DemoArgs.parse("--help").help().contains("compare"));
    assertTrue(DemoArgs.parse("-h").help().contains("Usage: ./demo"));
    assertTrue(DemoArgs.parse("compare", "--help").help().contains("--messages N"));
    assertTrue(DemoArgs.parse("server", "--help").help().contains("--no-replay"));
    assertTrue(DemoArgs.parse("typed-messages", "--help").help().contains("Takes no options"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "compar                  | unknown example 'compar', did you mean 'compare'?",
        "compare --mesages 3     | unknown option '--mesages' for 'compare'; its options:",
        "compare --messages      | --messages needs a value",
        "typed-messages --fast   | 'typed-messages' takes no argument, was '--fast'",
        "-Dtidings.transport     | is not a -Dname=value option",
        "server --verbose        | unknown option '--verbose' for 'server'",
      })
  void badArgumentsSayWhatIsWrong(String args, String message) {
    String error = DemoArgs.parse(args.split(" ")).error();
    assertNotNull(error, args);
    assertTrue(error.contains(message), error);
  }

  /** The script itself: help and bad arguments are answered before any Maven build. */
  @Test
  void theDemoScriptAnswersHelpAndRejectsBadArgumentsWithoutBuilding() throws Exception {
    Path script = Path.of("..", "demo").toAbsolutePath().normalize();
    assertTrue(Files.isExecutable(script), script.toString());

    Run help = run(script, "--help");
    assertEquals(0, help.status(), help.toString());
    assertTrue(help.stdout().startsWith("Usage: ./demo"), help.toString());
    assertFalse(help.stderr().contains("Building"), help.toString());

    Run compareHelp = run(script, "compare", "--help");
    assertEquals(0, compareHelp.status(), compareHelp.toString());
    assertTrue(compareHelp.stdout().contains("--messages N"), compareHelp.toString());

    Run bad = run(script, "compare", "--mesages", "3");
    assertEquals(2, bad.status(), bad.toString());
    assertTrue(bad.stderr().contains("unknown option '--mesages'"), bad.toString());
    assertFalse(bad.stderr().contains("Building"), bad.toString());
    assertEquals("", bad.stdout(), bad.toString());
  }

  record Run(int status, String stdout, String stderr) {}

  private static Run run(Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("demo-out", ".txt");
    Path err = Files.createTempFile("demo-err", ".txt");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the demo script to answer");
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
