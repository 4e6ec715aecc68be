package io.tidings.interop;

import io.tidings.testkit.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A server the test started as a child process, listening on a loopback port; {@link #close()}
 * stops it and waits for it to exit. Its output goes to a log file that failure messages quote.
 *
 * <p>Not thread-safe: used by one test at a time.
 */
final class ServerProcess implements AutoCloseable {
  /** How long a server may take to listen after it was started. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /** How long a server may take to exit after SIGTERM before it is killed. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** Servers running now: a JVM that exits early (a killed test run) stops them too. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "interop-servers-stop"));
  }

  private final String name;
  private final List<String> command;
  private final Path dir;
  private final int port;
  private final Path log;
  private Process process;

  private ServerProcess(String name, List<String> command, Path dir, int port, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.dir = dir;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code command} in {@code dir} and waits until something accepts connections on {@code
   * port}.
   *
   * @throws IllegalStateException naming the server, with its log, when it exits or does not listen
   *     in time
   */
  static ServerProcess start(String name, List<String> command, Path dir, int port, Path log)
      throws IOException, InterruptedException {
    ServerProcess server = new ServerProcess(name, command, dir, port, log);
    server.start();
    return server;
  }

  /** A port on the loopback interface that nothing listens on now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** Starts the process again after {@link #close()}, on the same port. */
  void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "$ " + String.join(" ", command) + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Process p = process;
    RUNNING.add(p);
    boolean ready = Await.within(() -> !p.isAlive() || listening(), STARTUP_TIMEOUT);
    if (!p.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with code "
              + p.exitValue()
              + " before it listened on port "
              + port
              + ":\n"
              + Tools.tail(log));
    }
    if (!ready) {
      close();
      throw new IllegalStateException(
          name
              + " did not listen on port "
              + port
              + " within "
              + STARTUP_TIMEOUT.toSeconds()
              + " s:\n"
              + Tools.tail(log));
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
    }
    RUNNING.remove(p);
  }

  @Override
  public String toString() {
    return name + " on 127.0.0.1:" + port;
  }
}
