package io.tidings.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class in a child JVM with the current class path and a small heap, so a test
 * of bounded memory fails (the child runs out of memory) instead of slowing the suite down. The
 * child's {@code main} prints {@value #PASSED} as its last line when its checks held.
 */
public final class ChildJvm {
  /** What a child's main prints when its checks held. */
  public static final String PASSED = "CHILD-JVM-PASSED";

  /** What the child printed, and how it ended. */
  public record Result(int exitCode, String output) {
    /** True when the child exited 0 and printed {@link #PASSED}. */
    public boolean passed() {
      return exitCode == 0 && output.contains(PASSED);
    }
  }

  private ChildJvm() {}

  /**
   * Runs {@code mainClass} with {@code -Xmx<heap>}, the given extra JVM options and arguments, and
   * waits for it (killing it after {@code timeout}).
   */
  public static Result run(
      Class<?> mainClass, String heap, List<String> jvmOptions, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    File out = Files.createTempFile("child-jvm", ".log").toFile();
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        return new Result(-1, read(out) + "\n(killed after " + timeout + ")");
      }
      return new Result(p.exitValue(), read(out));
    } finally {
      out.delete();
    }
  }

  /**
   * Starts {@code mainClass} like {@link #run} but returns at once: its standard output goes to
   * {@code output}, its standard error to {@code output} with {@code .err} appended. The caller
   * ends the process ({@link Process#destroy()} sends SIGTERM, {@link Process#destroyForcibly()}
   * SIGKILL).
   */
  public static Process start(
      Class<?> mainClass, String heap, List<String> jvmOptions, Path output, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(output.toFile())
        .redirectError(output.resolveSibling(output.getFileName() + ".err").toFile())
        .start();
  }

  private static String read(File f) throws IOException {
    String s = Files.readString(f.toPath(), StandardCharsets.UTF_8);
    return s.length() > 20_000 ? s.substring(s.length() - 20_000) : s;
  }
}
