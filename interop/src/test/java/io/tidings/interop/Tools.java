package io.tidings.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the servers and tools the interop tests run, and fails naming what to install when one is
 * missing: these tests never skip.
 *
 * <p>Thread-safe.
 */
final class Tools {
  /** Debian packages that provide nginx with the nchan module. */
  static final String NGINX_PACKAGES = "nginx-light libnginx-mod-nchan";

  /** Debian packages that provide node and npm. */
  static final String NODE_PACKAGES = "nodejs npm";

  /**
   * Where Debian's libnginx-mod-nchan puts the module; {@code -Dinterop.nchan.module} overrides.
   */
  static final String DEFAULT_NCHAN_MODULE = "/usr/lib/nginx/modules/ngx_nchan_module.so";

  /** How long {@code npm ci} may take. */
  static final long NPM_CI_TIMEOUT_SECONDS = 300;

  private static Path nodeServers; // guarded by Tools.class

  private Tools() {}

  /** The nginx executable (on the PATH, or in /usr/sbin where Debian puts it). */
  static Path nginx() {
    return find("nginx", List.of("/usr/sbin", "/sbin", "/usr/local/sbin"))
        .orElseThrow(() -> missing("nginx", NGINX_PACKAGES));
  }

  /** The nchan module for nginx's {@code load_module}. */
  static Path nchanModule() {
    Path module = Path.of(System.getProperty("interop.nchan.module", DEFAULT_NCHAN_MODULE));
    if (!Files.isRegularFile(module)) {
      throw missing("the nginx nchan module (" + module + ")", "libnginx-mod-nchan");
    }
    return module;
  }

  /** The node executable. */
  static Path node() {
    return find("node", List.of()).orElseThrow(() -> missing("node", NODE_PACKAGES));
  }

  /**
   * The directory holding the node servers with their npm dependencies installed: the module's
   * {@code src/test/node} copied under {@code target/interop/node}, then {@code npm ci} (once per
   * JVM).
   */
  static synchronized Path nodeServers() throws IOException, InterruptedException {
    if (nodeServers != null) {
      return nodeServers;
    }
    node();
    Path npm = find("npm", List.of()).orElseThrow(() -> missing("npm", NODE_PACKAGES));
    Path sources = Path.of(property("interop.node.sources"));
    Path dir = Path.of(property("interop.work")).resolve("node");
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(sources)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path log = dir.resolve("npm-ci.log");
    Process p =
        new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(NPM_CI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "npm ci in " + dir + " did not finish in " + NPM_CI_TIMEOUT_SECONDS + " s: " + tail(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "npm ci in "
              + dir
              + " failed (exit "
              + p.exitValue()
              + "); it needs the npm registry: "
              + tail(log));
    }
    nodeServers = dir;
    return dir;
  }

  /** The last lines of a log file, for failure messages. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "System property "
              + name
              + " is not set: run the interop tests with Maven: mvn -B -Pinterop -pl interop -am"
              + " verify");
    }
    return value;
  }

  private static java.util.Optional<Path> find(String name, List<String> extraDirs) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(extraDirs);
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static IllegalStateException missing(String what, String packages) {
    return new IllegalStateException(
        "The interop tests need "
            + what
            + ", which is not installed. Install it with: sudo apt-get install "
            + packages
            + " (Debian/Ubuntu; .ci/run does this), then run mvn -B -Pinterop -pl interop -am verify"
            + " again. The interop tests never skip a server that is missing.");
  }
}
