package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Builds {@code examples/outside-project} — an application of its own whose pom only imports the
 * BOM and depends on the published artifacts — against a private local repository holding what
 * {@code mvn install} would put there (each published module's POM and jar, the parent POM and the
 * BOM, from this build's reactor), and runs its test. Third-party artifacts come from this build's
 * own local repository, read as a remote one; nothing is written there. Tagged {@code
 * outside-project}: runs in the examples module's {@code integration-test} phase, once the other
 * modules' jars exist (README, "Adding the dependency").
 */
@Tag("outside-project")
class OutsideProjectTest {
  private static final long BUILD_MINUTES = 10;

  private final Path root = Path.of(property("build.root")).toAbsolutePath().normalize();
  private final String version = property("build.version");
  private final Path work = root.resolve("examples/target/outside-project-test");

  @Test
  void anOutsideProjectBuildsAndRunsAgainstTheInstalledArtifacts() throws Exception {
    deleteRecursively(work);
    Path repo = work.resolve("repository");
    List<String> installed = installPublishedArtifacts(repo);
    assertTrue(installed.contains("tidings-core"), "installed " + installed);
    Path project = work.resolve("project");
    copyProject(root.resolve("examples/outside-project"), project);
    Path settings = work.resolve("settings.xml");
    Files.writeString(settings, settings(Path.of(property("build.localRepository"))));

    Path log = work.resolve("build.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(property("maven.home"), "bin", "mvn").toString());
    command.addAll(
        List.of(
            "-B",
            "-Dstyle.color=never",
            "-s",
            settings.toString(),
            "-Dmaven.repo.local=" + repo,
            "verify"));
    Process build =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!build.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
      build.destroyForcibly().waitFor();
      fail("the outside build did not finish in " + BUILD_MINUTES + " min; log: " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, build.exitValue(), "outside build failed:\n" + output);
    assertTrue(
        output.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"),
        "the outside project's test did not run:\n" + output);
    assertTrue(output.contains("1 {\"n\":1}"), "the application printed nothing:\n" + output);
  }

  /** Lays out each published module as {@code mvn install} does; returns their artifactIds. */
  private List<String> installPublishedArtifacts(Path repo) throws IOException {
    installPom(repo, "tidings-parent", root.resolve("pom.xml"));
    installPom(repo, "tidings-bom", root.resolve("bom/pom.xml"));
    String bom = Files.readString(root.resolve("bom/pom.xml"));
    List<String> installed = new ArrayList<>();
    for (String module : modules(Files.readString(root.resolve("pom.xml")))) {
      Path pom = root.resolve(module).resolve("pom.xml");
      String artifactId = artifactId(Files.readString(pom));
      if (!bom.contains("<artifactId>" + artifactId + "</artifactId>")) {
        continue; // not published (examples, benchmarks)
      }
      Path jar = root.resolve(module).resolve("target/" + artifactId + "-" + version + ".jar");
      if (!Files.isRegularFile(jar)) {
        continue; // not built in this run (not a dependency of the examples)
      }
      Path dir = installPom(repo, artifactId, pom);
      Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
      installed.add(artifactId);
    }
    return installed;
  }

  private Path installPom(Path repo, String artifactId, Path pom) throws IOException {
    Path dir = repo.resolve("io/tidings").resolve(artifactId).resolve(version);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
    return dir;
  }

  private static List<String> modules(String pom) {
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (m.find()) {
      modules.add(m.group(1).trim());
    }
    return modules;
  }

  /** The module's own artifactId: the first one after its parent element. */
  private static String artifactId(String pom) {
    int from = pom.indexOf("</parent>");
    Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(pom);
    if (!m.find(Math.max(from, 0))) {
      throw new IllegalStateException("no artifactId in a module's pom");
    }
    return m.group(1).trim();
  }

  /**
   * Every artifact from this build's local repository, read-only, as if it were Maven Central
   * (which it mirrors): a local repository has no checksum files, so they are not asked for.
   */
  private static String settings(Path localRepository) {
    String repository =
        """
            <id>central</id>
            <url>%s</url>
            <releases><checksumPolicy>ignore</checksumPolicy></releases>
            <snapshots><enabled>false</enabled></snapshots>
        """
            .formatted(localRepository.toUri());
    return """
        <settings>
          <mirrors>
            <mirror><id>central</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
          </mirrors>
          <profiles>
            <profile>
              <id>this-builds-local-repository</id>
              <repositories><repository>%s</repository></repositories>
              <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles><activeProfile>this-builds-local-repository</activeProfile></activeProfiles>
        </settings>
        """
        .formatted(localRepository.toUri(), repository, repository);
  }

  private static void copyProject(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path relative = from.relativize(file);
        if (relative.startsWith("target")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set; run this test through Maven (examples/pom.xml)");
    }
    return value;
  }
}
