package io.tidings.interop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nginx with the nchan module (Debian's nginx-light + libnginx-mod-nchan), started in the
 * foreground on a free loopback port with its own prefix directory under {@code target/interop}.
 *
 * <p>Every channel {@code <c>} has a publisher at {@code /pub/<c>} and one subscriber location per
 * nchan subscriber type: {@code /longpoll/<c>}, {@code /interval-poll/<c>}, {@code
 * /eventsource/<c>}, {@code /websocket/<c>}. New subscribers start at the oldest buffered message,
 * except on WebSocket (see {@link #CONF}). Not thread-safe for starting and stopping; {@link
 * #publish} may be called from any thread.
 */
final class Nchan implements AutoCloseable {
  /** nchan's own end of a held long poll: it answers {@code 408} after this. */
  static final Duration LONGPOLL_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The configuration. nchan's WebSocket frames carry only the message body, no id, so a
   * reconnecting WebSocket subscriber cannot say where it was: it starts at the newest message
   * (starting at the oldest would replay the whole buffer as new messages).
   */
  static final String CONF =
      """
      load_module %1$s;
      daemon off;
      master_process off;
      worker_processes 1;
      error_log %2$s/logs/error.log warn;
      pid %2$s/nginx.pid;
      events { worker_connections 512; }
      http {
        access_log off;
        client_body_temp_path %2$s/tmp/body;
        proxy_temp_path %2$s/tmp/proxy;
        fastcgi_temp_path %2$s/tmp/fastcgi;
        uwsgi_temp_path %2$s/tmp/uwsgi;
        scgi_temp_path %2$s/tmp/scgi;
        server {
          listen 127.0.0.1:%3$d;
          nchan_message_buffer_length 2000;
          nchan_message_timeout 1h;
          nchan_subscriber_first_message oldest;
          location ~ ^/pub/(\\w+)$ { nchan_publisher; nchan_channel_id $1; }
          location ~ ^/longpoll/(\\w+)$ {
            nchan_subscriber longpoll; nchan_channel_id $1; nchan_subscriber_timeout %4$ds;
          }
          location ~ ^/interval-poll/(\\w+)$ { nchan_subscriber interval-poll; nchan_channel_id $1; }
          location ~ ^/eventsource/(\\w+)$ { nchan_subscriber eventsource; nchan_channel_id $1; }
          location ~ ^/websocket/(\\w+)$ {
            nchan_subscriber websocket; nchan_channel_id $1; nchan_subscriber_first_message newest;
          }
        }
      }
      """;

  private final ServerProcess process;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // no h2c upgrade

  private Nchan(ServerProcess process) {
    this.process = process;
  }

  /** Starts nginx + nchan under {@code work}. */
  static Nchan start(Path work) throws IOException, InterruptedException {
    Path nginx = Tools.nginx();
    Path module = Tools.nchanModule();
    int port = ServerProcess.freePort();
    Path dir = work.resolve("nchan-" + port).toAbsolutePath();
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("tmp"));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, CONF.formatted(module, dir, port, LONGPOLL_TIMEOUT.toSeconds()));
    // -e: the error log before the configuration is read (the default, /var/log/nginx, may not be
    // writable by the user running the tests).
    List<String> command =
        List.of(
            nginx.toString(),
            "-p",
            dir + "/",
            "-e",
            dir.resolve("logs/error.log").toString(),
            "-c",
            conf.toString());
    return new Nchan(
        ServerProcess.start("nginx + nchan", command, dir, port, dir.resolve("logs/console.log")));
  }

  /**
   * The URL of a subscriber {@code type} ({@code longpoll}, {@code websocket}, ...) of a channel.
   */
  String url(String type, String channel) {
    String scheme = type.equals("websocket") ? "ws" : "http";
    return scheme + "://127.0.0.1:" + process.port() + "/" + type + "/" + channel;
  }

  int port() {
    return process.port();
  }

  /** Publishes one message whose body is {@code body} (UTF-8) to {@code channel}. */
  void publish(String channel, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.port() + "/pub/" + channel))
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201 && response.statusCode() != 202) {
      throw new IllegalStateException(
          "nchan refused a publish to "
              + channel
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
