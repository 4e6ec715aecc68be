package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.internal.ConfigLoader;
import io.tidings.testkit.ReferenceServer;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code block of the README and of docs/ is copy-pasteable, because this test takes it as
 * written:
 *
 * <ul>
 *   <li>{@code properties}: loaded by the configuration loader (no inline {@code #} comments, which
 *       properties files read as part of the value);
 *   <li>{@code java}, {@code xml} and {@code yaml}: preceded by {@code <!-- snippet: path -->}
 *       naming the file that holds the same code (whitespace aside; a {@code ...} line stands for
 *       any code), a file that is compiled and run by a test;
 *   <li>{@code kotlin} (the build compiles no Kotlin): preceded by a {@code snippet} line naming
 *       the Java test that makes the same calls; every function the block calls must be called
 *       there;
 *   <li>{@code json}: parsed;
 *   <li>plain blocks: each {@code ./demo} line is accepted by {@link DemoArgs} and its {@code
 *       -Dtidings.*} values by the loader; each {@code curl} line is sent to a reference server
 *       with fault control, and answers 200, or what the block shows after a {@code $ curl} line.
 * </ul>
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DocumentationSnippetsTest {
  private static final List<String> DOCUMENTS =
      List.of("README.md", "docs/CONFIGURATION.md", "docs/PROTOCOL.md");
  private static final String MARKER_START = "<!-- snippet:";
  private static final String DOCUMENTED_SERVER = "http://127.0.0.1:8080";

  private static ReferenceServer server;
  private final Map<String, Integer> checked = new TreeMap<>();
  private static HttpClient http;

  private final Path root = Path.of(System.getProperty("build.root", "..")).toAbsolutePath();

  @TempDir Path dir;

  /** One fenced block: where it is, its language, its lines, and the marker line before it. */
  record Block(String where, String language, List<String> lines, String marker) {
    String text() {
      return String.join("\n", lines);
    }
  }

  @BeforeAll
  static void startServer() {
    server = ReferenceServer.builder().faultControl(true).start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void everyBlockIsChecked() throws IOException {
    List<Block> blocks = blocks();
    assertTrue(blocks.size() > 10, "found only " + blocks.size() + " blocks");
    List<String> failures = new ArrayList<>();
    for (Block b : blocks) {
      try {
        switch (b.language()) {
          case "properties" -> checkProperties(b);
          case "java", "xml", "yaml" -> checkSameAsSource(b);
          case "kotlin" -> checkCallsAreMadeIn(b);
          case "json" -> {
            new ObjectMapper().readTree(b.text());
            checked.merge("json", 1, Integer::sum);
          }
          case "", "sh" -> checkCommands(b);
          default -> failures.add(b.where() + ": no check for ```" + b.language() + " blocks");
        }
      } catch (AssertionError | Exception e) {
        failures.add(b.where() + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures, String.join("\n", failures));
    for (String kind : List.of("properties", "java", "xml", "json", "./demo", "curl")) {
      assertTrue(checked.getOrDefault(kind, 0) > 0, "no " + kind + " was checked: " + checked);
    }
  }

  private List<Block> blocks() throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (String document : DOCUMENTS) {
      List<String> lines = Files.readAllLines(root.resolve(document), StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.startsWith("```")) {
          continue;
        }
        int start = i;
        List<String> body = new ArrayList<>();
        for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
          body.add(lines.get(i));
        }
        String before = start > 0 ? lines.get(start - 1).strip() : "";
        blocks.add(
            new Block(
                document + ":" + (start + 1),
                line.substring(3).strip(),
                body,
                before.startsWith(MARKER_START) ? before : null));
      }
    }
    return blocks;
  }

  private void checkProperties(Block b) throws IOException {
    checked.merge("properties", 1, Integer::sum);
    for (String line : b.lines()) {
      String s = line.strip();
      if (!s.startsWith("#") && !s.startsWith("!") && s.matches(".*\\s#.*")) {
        fail("'" + s + "': a properties file has no inline comments; the # is read as the value");
      }
    }
    if (b.marker() != null) {
      checkSameAsSource(b);
    }
    Properties p = new Properties();
    p.load(new StringReader(b.text()));
    Path file = dir.resolve("snippet.properties");
    Files.writeString(file, b.text());
    ConfigLoader loader = new ConfigLoader(Map.of("FEED_TOKEN", "t0ken"), new Properties());
    if (p.getProperty("tidings.url") != null) {
      loader.load(file, null);
    }
    loader.loadAll(file);
  }

  private void checkSameAsSource(Block b) throws IOException {
    checked.merge(b.language(), 1, Integer::sum);
    if (b.marker() == null) {
      fail("no '" + MARKER_START + " path -->' line before it names the file that holds it");
    }
    String path = b.marker().substring(MARKER_START.length()).replace("-->", "").strip();
    Path file = root.resolve(path);
    assertTrue(Files.isRegularFile(file), path + " does not exist");
    String source = squeeze(Files.readString(file, StandardCharsets.UTF_8));
    int from = 0;
    for (String segment : b.text().split("(?m)^\\s*\\.\\.\\.\\s*$")) {
      String wanted = squeeze(segment);
      int at = source.indexOf(wanted, from);
      if (at < 0) {
        fail("differs from " + path + ": not found there:\n" + segment.strip());
      }
      from = at + wanted.length();
    }
  }

  private void checkCallsAreMadeIn(Block b) throws IOException {
    checked.merge(b.language(), 1, Integer::sum);
    if (b.marker() == null) {
      fail("no '" + MARKER_START + " path -->' line before it names the test that runs it");
    }
    String path = b.marker().substring(MARKER_START.length()).replace("-->", "").strip();
    String source = Files.readString(root.resolve(path), StandardCharsets.UTF_8);
    java.util.regex.Matcher call =
        java.util.regex.Pattern.compile("\\.(\\w+)").matcher(b.text().replaceAll("//.*", ""));
    while (call.find()) {
      String name = call.group(1);
      if (!source.contains(name + "(") && !source.contains("::" + name)) {
        fail(path + " does not call " + name + ", which the block calls");
      }
    }
  }

  private static String squeeze(String text) {
    return text.replaceAll("\\s+", "");
  }

  private void checkCommands(Block b) throws Exception {
    List<String> lines = b.lines();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      boolean prompted = line.startsWith("$ ");
      List<String> words = words(prompted ? line.substring(2) : line);
      if (words.isEmpty()) {
        continue;
      }
      if (words.get(0).equals("./demo")) {
        checkDemo(words.subList(1, words.size()));
      } else if (words.get(0).equals("curl")) {
        List<String> shown = new ArrayList<>();
        if (prompted) {
          for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ "); j++) {
            shown.add(lines.get(j).strip());
          }
        }
        checkCurl(line, words.subList(1, words.size()), shown);
      }
    }
  }

  private void checkDemo(List<String> args) throws IOException {
    checked.merge("./demo", 1, Integer::sum);
    DemoArgs.Parsed parsed = DemoArgs.parse(args.toArray(String[]::new));
    assertEquals(null, parsed.error(), "./demo " + String.join(" ", args));
    Properties props = new Properties();
    for (String a : args) {
      if (a.startsWith("-Dtidings.")) {
        int eq = a.indexOf('=');
        props.setProperty(a.substring(2, eq), a.substring(eq + 1));
      }
    }
    new ConfigLoader(Map.of(), props).load(root.resolve("examples/tidings.properties"), null);
  }

  private void checkCurl(String line, List<String> args, List<String> shown) throws Exception {
    checked.merge("curl", 1, Integer::sum);
    String method = "GET";
    List<String> data = new ArrayList<>();
    String url = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "-X" -> method = args.get(++i);
        case "-d" -> {
          data.add(args.get(++i));
          method = method.equals("GET") ? "POST" : method;
        }
        default -> {
          if (!a.startsWith(DOCUMENTED_SERVER)) {
            fail(
                "'" + line + "': " + a + " is not an option this test knows, nor the server's URL");
          }
          URI feed = URI.create(server.url());
          url =
              feed.getScheme()
                  + "://"
                  + feed.getRawAuthority()
                  + a.substring(DOCUMENTED_SERVER.length());
        }
      }
    }
    assertTrue(url != null, "'" + line + "' has no URL");
    HttpRequest.BodyPublisher body =
        data.isEmpty()
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(String.join("&", data));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, body)
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    server.faults().clear();
    if (shown.isEmpty()) {
      assertEquals(200, response.statusCode(), "'" + line + "' answered " + response.body());
    } else {
      assertEquals(shown, response.body().strip().lines().map(String::strip).toList(), line);
    }
  }

  /** A command line's words, as a POSIX shell splits them; a {@code #} word starts a comment. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null) {
        break;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
