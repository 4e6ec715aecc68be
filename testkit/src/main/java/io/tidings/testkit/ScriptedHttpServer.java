package io.tidings.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback HTTP server for byte-exact abuse: each accepted connection reads one request head and
 * gets the next scripted answer, written exactly as given (status line, headers, body, or garbage),
 * then the connection is closed (or held open, for a script that ends with {@link #HOLD}); or a
 * {@link Responder} writes what it wants. When the script runs out, the last answer repeats.
 * Request heads are recorded. Thread-safe.
 */
public final class ScriptedHttpServer implements AutoCloseable {
  /** An answer that writes nothing and holds the connection open until the server closes. */
  public static final byte[] HOLD = new byte[0];

  private final ServerSocket serverSocket;

  /** Answers one connection, after its request head was read. */
  @FunctionalInterface
  public interface Responder {
    /**
     * Writes the answer; the connection is closed when this returns.
     *
     * @param head the request head, as ISO-8859-1 text
     * @param in the rest of what the client sends
     * @param out to the client
     */
    void respond(String head, InputStream in, OutputStream out) throws Exception;
  }

  private final List<Responder> answers = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private int served;

  /** Starts on a free loopback port. */
  public ScriptedHttpServer() throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::acceptLoop, "scripted-http-server");
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds an answer, as raw bytes. */
  public ScriptedHttpServer answer(byte[] raw) {
    if (raw == HOLD) {
      return respond((head, in, out) -> drain(in));
    }
    return respond((head, in, out) -> out.write(raw));
  }

  /** Adds an answer written as given, then the connection is held open until the client leaves. */
  public ScriptedHttpServer answerThenHold(String raw) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    return respond(
        (head, in, out) -> {
          out.write(bytes);
          out.flush();
          drain(in);
        });
  }

  /** Adds an answer computed from the request. */
  public ScriptedHttpServer respond(Responder responder) {
    answers.add(responder);
    return this;
  }

  /** Reads until the client closes its side (or the server is closed): holds a connection. */
  public static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // discard
    }
  }

  /** Adds an answer, as text (UTF-8). */
  public ScriptedHttpServer answer(String raw) {
    return answer(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + serverSocket.getLocalPort() + path;
  }

  /** The port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** The request heads received so far, in order, as a queue to take from. */
  public LinkedBlockingQueue<String> requests() {
    return requests;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(s);
      Responder answer;
      synchronized (this) {
        answer =
            answers.isEmpty()
                ? (head, in, out) -> drain(in)
                : answers.get(Math.min(served++, answers.size() - 1));
      }
      Thread t = new Thread(() -> serve(s, answer), "scripted-http-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s, Responder answer) {
    try (s) {
      String head = readHead(s.getInputStream());
      requests.add(head);
      OutputStream out = s.getOutputStream();
      answer.respond(head, s.getInputStream(), out);
      out.flush();
    } catch (Exception e) {
      // the client went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    serverSocket.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
