package io.tidings.testkit.junit;

import io.tidings.ConnectionException;
import io.tidings.HttpStatusException;
import io.tidings.SubscriptionConfig;
import io.tidings.testkit.ScriptedHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One transport's rows of the README's bad-input matrix, each with the script its {@link
 * ScriptedHttpServer} runs: the harness the transports' {@code *BadInputMatrixTest}s share. A test
 * adds its rows in order (the README table's order), then runs each with {@link #check}.
 *
 * <p>Not thread-safe: fill it in a static initializer, then only read it.
 */
public final class BadInputMatrix {
  private final String transport;
  private final Map<BadInputCase, Consumer<ScriptedHttpServer>> scripts = new LinkedHashMap<>();
  private final Map<BadInputCase, String> urls = new HashMap<>();

  /**
   * @param transport the transport column of every row, e.g. {@code "SSE"}; not null
   */
  public BadInputMatrix(String transport) {
    this.transport = transport;
  }

  /** Adds a row whose subscription connects to the scripted server, which runs {@code script}. */
  public void row(
      String input,
      Class<? extends Throwable> reported,
      BadInputCase.Then then,
      String lost,
      Consumer<ScriptedHttpServer> script) {
    scripts.put(new BadInputCase(transport, input, reported, then, lost), script);
  }

  /**
   * Adds a row whose subscription goes to {@code url} instead of the scripted server: nothing to
   * connect to, so it keeps retrying ({@link BadInputCase.Then#RETRIES}, "nothing yet" lost).
   */
  public void rowAt(String input, Class<? extends Throwable> reported, String url) {
    BadInputCase c =
        new BadInputCase(transport, input, reported, BadInputCase.Then.RETRIES, "nothing yet");
    scripts.put(c, s -> {});
    urls.put(c, url);
  }

  /**
   * Adds the HTTP status rows SSE and polling share: {@code 500} twice, {@code 429} and {@code 503}
   * with {@code Retry-After}, a redirect loop to {@code path}, then the fatal {@code
   * 401/403/404/410}; {@code good} scripts what the server answers once the bad answers are used.
   */
  public void httpStatusRows(String path, Consumer<ScriptedHttpServer> good) {
    row(
        "`500` again and again",
        HttpStatusException.class,
        BadInputCase.Then.RECONNECTS,
        "nothing",
        s -> {
          s.answer(status(500, "Oops")).answer(status(500, "Oops"));
          good.accept(s);
        });
    row(
        "`429` with `Retry-After: 1`",
        HttpStatusException.class,
        BadInputCase.Then.RECONNECTS,
        "nothing",
        first(status(429, "Too Many", "Retry-After: 1"), good));
    row(
        "`503` with `Retry-After` as an HTTP date",
        HttpStatusException.class,
        BadInputCase.Then.RECONNECTS,
        "nothing",
        first(
            status(
                503,
                "Busy",
                "Retry-After: "
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2))),
            good));
    row(
        "a redirect loop (`302` to itself)",
        ConnectionException.class,
        BadInputCase.Then.RECONNECTS,
        "nothing",
        s -> {
          for (int i = 0; i < 25; i++) {
            s.answer(status(302, "Found", "Location: " + path));
          }
          good.accept(s);
        });
    for (int code : new int[] {401, 403, 404, 410}) {
      row(
          "`" + code + "`",
          HttpStatusException.class,
          BadInputCase.Then.ENDS,
          "everything after (fatal status, `reconnect.fatal-statuses`)",
          s -> s.answer(status(code, "No")));
    }
  }

  /**
   * Adds the two rows about a broken response head: a bad status line, and 1 MiB of headers after
   * {@code statusLine} that never end; both {@code reported}, then {@code good} on reconnect.
   */
  public void brokenHeadRows(
      Class<? extends Throwable> reported, String statusLine, Consumer<ScriptedHttpServer> good) {
    row(
        "a bad status line (`HTTP/1.1 OK`)",
        reported,
        BadInputCase.Then.RECONNECTS,
        "nothing",
        first("HTTP/1.1 OK\r\n\r\n", good));
    row(
        "headers that never end (1 MiB of them)",
        reported,
        BadInputCase.Then.RECONNECTS,
        "nothing",
        first(
            statusLine
                + "\r\n"
                + "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(20_000),
            good));
  }

  /**
   * Adds the two rows with nothing to connect to: a loopback port nothing listens on, and a host
   * name that does not resolve, both as {@code scheme://…/feed}.
   */
  public void unreachableRows(String scheme) {
    rowAt(
        "nothing listening (connection refused)",
        ConnectionException.class,
        scheme + "://127.0.0.1:" + closedPort() + "/feed");
    rowAt(
        "a host name that does not resolve",
        ConnectionException.class,
        scheme + "://tidings-test.invalid/feed");
  }

  /** The rows, in the order added (a {@code @MethodSource}). */
  public Stream<BadInputCase> cases() {
    return scripts.keySet().stream();
  }

  /** The rows, in the order added. */
  public List<BadInputCase> rows() {
    return List.copyOf(scripts.keySet());
  }

  /**
   * Fails unless {@code readme} holds these rows' table (see {@link
   * BadInputCase#assertDocumented}).
   */
  public void assertDocumented(Path readme) throws IOException {
    BadInputCase.assertDocumented(readme, rows());
  }

  /**
   * Checks {@code row}: starts a scripted server running its script, and {@link BadInputCase#verify
   * verifies} a subscription configured by {@code config} for the row's URL ({@code serverUrl} of
   * the server, unless the row was added with {@link #rowAt}). Closes the server.
   */
  public void check(
      BadInputCase row,
      Function<ScriptedHttpServer, String> serverUrl,
      Function<String, SubscriptionConfig> config,
      Duration timeout)
      throws IOException {
    try (ScriptedHttpServer server = new ScriptedHttpServer()) {
      scripts.get(row).accept(server);
      row.verify(config.apply(urls.getOrDefault(row, serverUrl.apply(server))), timeout);
    }
  }

  /** An HTTP/1.1 answer with this status, these header lines and an empty body. */
  public static String status(int code, String reason, String... headers) {
    StringBuilder b = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason);
    b.append("\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("Content-Length: 0\r\n\r\n").toString();
  }

  /** The bad answer to the first connection, then {@code good}. */
  private static Consumer<ScriptedHttpServer> first(String bad, Consumer<ScriptedHttpServer> good) {
    return s -> {
      s.answer(bad);
      good.accept(s);
    };
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
