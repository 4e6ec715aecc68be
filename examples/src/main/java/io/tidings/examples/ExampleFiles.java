package io.tidings.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the examples' properties files whether run from the repository root or examples/. */
final class ExampleFiles {
  private ExampleFiles() {}

  /**
   * {@code examples/<name>} when it exists (run from the repository root, as {@code ./demo} does),
   * else {@code <name>} (run from the examples folder, as the tests are).
   *
   * @throws IllegalStateException when neither exists
   */
  static Path find(String name) {
    Path fromRoot = Path.of("examples", name);
    if (Files.isRegularFile(fromRoot)) {
      return fromRoot;
    }
    Path here = Path.of(name);
    if (Files.isRegularFile(here)) {
      return here;
    }
    throw new IllegalStateException(
        "Cannot find "
            + fromRoot
            + " or "
            + here
            + " (working directory "
            + Path.of("").toAbsolutePath()
            + "); run from the repository root or the examples folder");
  }
}
