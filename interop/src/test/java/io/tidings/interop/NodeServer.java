package io.tidings.interop;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One of the node servers in {@code src/test/node} ({@code ws-server.mjs} on the {@code ws}
 * package, {@code sse-server.mjs} on {@code better-sse}), on a free loopback port, with its message
 * log in a file so that {@link #restart()} keeps the history (as a server with a durable store
 * does).
 *
 * <p>Not thread-safe for starting and stopping; {@link #publish} may be called from any thread.
 */
final class NodeServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerProcess process;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // no h2c upgrade

  private NodeServer(ServerProcess process) {
    this.process = process;
  }

  /** Starts {@code script} ({@code ws-server.mjs} or {@code sse-server.mjs}). */
  static NodeServer start(String script) throws IOException, InterruptedException {
    Path dir = Tools.nodeServers();
    Path node = Tools.node();
    int port = ServerProcess.freePort();
    Path store = dir.resolve(script + "-" + port + ".jsonl");
    Files.deleteIfExists(store);
    List<String> command =
        List.of(node.toString(), script, Integer.toString(port), store.toString());
    return new NodeServer(
        ServerProcess.start(
            "node " + script, command, dir, port, dir.resolve(script + "-" + port + ".log")));
  }

  /** {@code path} on this server, with the {@code scheme}. */
  String url(String scheme, String path) {
    return scheme + "://127.0.0.1:" + process.port() + path;
  }

  int port() {
    return process.port();
  }

  /** Publishes one message per value, each value's JSON as its data. */
  void publish(List<?> values) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("http", "/publish")))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(values)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          process + " refused a publish: HTTP " + response.statusCode() + " " + response.body());
    }
  }

  /** The resume id each subscriber connection came with, in order ({@code null}: none). */
  List<String> connections() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url("http", "/connections"))).build();
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    return JSON.readValue(body, new TypeReference<List<String>>() {});
  }

  /** Stops the server (its connections are cut) and starts it again on the same port. */
  void restart() throws IOException, InterruptedException {
    process.close();
    process.start();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
