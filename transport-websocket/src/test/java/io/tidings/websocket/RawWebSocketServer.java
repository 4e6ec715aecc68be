package io.tidings.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket server that misbehaves on purpose: it accepts one connection, optionally completes
 * the upgrade handshake, and then reads nothing at all (so pings go unanswered and the client's
 * writes back up). Closing it closes the sockets and ends its thread.
 */
final class RawWebSocketServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket serverSocket;
  private final boolean answerUpgrade;
  private final Thread thread;
  private final CompletableFuture<String> requestHead = new CompletableFuture<>();
  private volatile Socket socket;

  /**
   * Starts the server.
   *
   * @param answerUpgrade true to answer the upgrade with 101, false to never answer at all
   */
  RawWebSocketServer(boolean answerUpgrade) throws IOException {
    this.answerUpgrade = answerUpgrade;
    this.serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "raw-ws-server");
    thread.setDaemon(true);
    thread.start();
  }

  String url() {
    return "ws://127.0.0.1:" + serverSocket.getLocalPort() + "/feed";
  }

  /** The request line and headers of the upgrade request, once read. */
  CompletableFuture<String> requestHead() {
    return requestHead;
  }

  private void serve() {
    try {
      Socket s = serverSocket.accept();
      socket = s;
      String head = readHead(s.getInputStream());
      requestHead.complete(head);
      if (!answerUpgrade) {
        return;
      }
      String key = header(head, "sec-websocket-key");
      String accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\n"
                  + "Upgrade: websocket\r\n"
                  + "Connection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // From here on, read nothing: pings stay unanswered, the client's writes back up.
    } catch (IOException | NoSuchAlgorithmException e) {
      requestHead.completeExceptionally(e);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("EOF before the end of the request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new IllegalStateException("No " + name + " in " + head);
  }

  @Override
  public void close() throws Exception {
    serverSocket.close();
    Socket s = socket;
    if (s != null) {
      s.close();
    }
    thread.join(5_000);
  }
}
