package io.tidings.testkit;

import io.tidings.testkit.internal.ProxyListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small forwarding HTTP proxy for tests, on {@code 127.0.0.1}: it answers {@code CONNECT
 * host:port} with a tunnel (https, wss) and forwards an absolute-form request ({@code GET
 * http://host:port/path}, also a WebSocket upgrade) to its target. With {@link #requiring
 * credentials}, the first request of each connection without the right {@code Proxy-Authorization:
 * Basic …} is answered {@code 407 Proxy Authentication Required} and the connection closed; once a
 * request is let through, its connection is a byte pipe to that target.
 *
 * <pre>{@code
 * try (HttpProxy proxy = HttpProxy.requiring("feed", "s3cret")) {
 *   SubscriptionConfig config = SubscriptionConfig.builder().url(server.url())
 *       .proxy(proxy.url("feed", "s3cret")).build();
 *   ...
 *   assertTrue(proxy.refused() > 0);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Uses an accept thread and two threads per connection (named {@code httpproxy-…});
 * {@link #close()} closes every socket and waits for every thread.
 */
public final class HttpProxy implements AutoCloseable {
  /** How long connecting to a target may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The longest request head read before answering {@code 431}. */
  public static final int MAX_HEAD_BYTES = 64 * 1024;

  private static final int BUFFER = 16 * 1024;

  private final String expectedAuthorization; // null: no credentials asked for
  private final ProxyListener listener;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong tunnels = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();

  private HttpProxy(String expectedAuthorization) throws IOException {
    this.expectedAuthorization = expectedAuthorization;
    this.listener = new ProxyListener("httpproxy", this::serve);
  }

  /** Starts a proxy that lets every request through. */
  public static HttpProxy start() {
    return create(null);
  }

  /**
   * Starts a proxy that answers {@code 407} unless a connection's first request carries {@code
   * Proxy-Authorization: Basic base64(user:password)}.
   */
  public static HttpProxy requiring(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return create("Basic " + token);
  }

  private static HttpProxy create(String authorization) {
    try {
      return new HttpProxy(authorization);
    } catch (IOException e) {
      throw new IllegalStateException("The HTTP proxy could not listen: " + e, e);
    }
  }

  /** The local port clients connect to. */
  public int port() {
    return listener.port();
  }

  /** The proxy's URL without credentials, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * The proxy's URL with credentials, as {@code tidings.proxy} takes it: {@code
   * http://user:password@127.0.0.1:PORT} (both percent-encoded).
   */
  public String url(String user, String password) {
    return "http://" + encode(user) + ":" + encode(password) + "@127.0.0.1:" + port();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** TCP connections accepted since the start. */
  public long connectionsAccepted() {
    return listener.accepted();
  }

  /** Requests answered {@code 407}. */
  public long refused() {
    return refused.get();
  }

  /** {@code CONNECT} tunnels opened. */
  public long tunnels() {
    return tunnels.get();
  }

  /** Connections whose first (absolute-form) request was forwarded. */
  public long forwarded() {
    return forwarded.get();
  }

  /** The {@code host:port} of every tunnel and forwarded connection, oldest first. */
  public List<String> targets() {
    return new ArrayList<>(targets);
  }

  /** Closes the listener and every connection, and waits for every thread. Idempotent. */
  @Override
  public void close() {
    listener.close();
  }

  @Override
  public String toString() {
    return "HttpProxy{" + url() + (expectedAuthorization == null ? "" : ", credentials") + '}';
  }

  /**
   * Reads the first request head of a connection and answers it (then closes the connection),
   * tunnels or forwards it.
   */
  private void serve(Socket client) throws IOException {
    Socket upstream = null;
    try {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      List<String> head = readHead(in, rest);
      if (head == null) {
        answer(out, "431 Request Header Fields Too Large", "");
        return;
      }
      String[] line = head.get(0).split(" ", 3);
      if (line.length != 3) {
        answer(out, "400 Bad Request", "");
        return;
      }
      if (expectedAuthorization != null
          && !expectedAuthorization.equals(header(head, "Proxy-Authorization"))) {
        refused.incrementAndGet();
        answer(
            out, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test\"");
        return;
      }
      boolean connect = line[0].equalsIgnoreCase("CONNECT");
      String authority;
      if (connect) {
        authority = line[1];
      } else {
        URI uri = URI.create(line[1]);
        if (uri.getHost() == null) {
          answer(out, "400 Bad Request", "");
          return;
        }
        authority = uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
        String path =
            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        head.set(0, line[0] + " " + path + query + " " + line[2]); // origin-form for the target
      }
      int colon = authority.lastIndexOf(':');
      upstream =
          listener.connect(
              authority.substring(0, colon),
              Integer.parseInt(authority.substring(colon + 1)),
              CONNECT_TIMEOUT);
      targets.add(authority);
      OutputStream up = upstream.getOutputStream();
      if (connect) {
        tunnels.incrementAndGet();
        out.write(
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } else {
        forwarded.incrementAndGet();
        StringBuilder forward = new StringBuilder();
        for (String h : head) {
          String name = h.contains(":") ? h.substring(0, h.indexOf(':')).strip() : "";
          if (!name.equalsIgnoreCase("Proxy-Authorization")
              && !name.equalsIgnoreCase("Proxy-Connection")) {
            forward.append(h).append("\r\n");
          }
        }
        forward.append("\r\n");
        up.write(forward.toString().getBytes(StandardCharsets.ISO_8859_1));
      }
      rest.writeTo(up);
      up.flush();
      listener.relay(client, upstream);
    } finally {
      if (upstream != null) {
        listener.closeQuietly(upstream);
      }
    }
  }

  /**
   * The head's lines (request line first), with the bytes read past it in {@code rest}; null when
   * it is longer than {@link #MAX_HEAD_BYTES}.
   */
  private static List<String> readHead(InputStream in, ByteArrayOutputStream rest)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    while (true) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("the client closed before its request head ended");
      }
      read.write(buffer, 0, n);
      byte[] all = read.toByteArray();
      int end = indexOfBlankLine(all);
      if (end >= 0) {
        rest.write(all, end + 4, all.length - end - 4);
        String text = new String(all, 0, end, StandardCharsets.ISO_8859_1);
        return new ArrayList<>(List.of(text.split("\r\n")));
      }
      if (all.length > MAX_HEAD_BYTES) {
        return null;
      }
    }
  }

  private static int indexOfBlankLine(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String header(List<String> head, String name) {
    for (String h : head.subList(1, head.size())) {
      int colon = h.indexOf(':');
      if (colon > 0
          && h.substring(0, colon)
              .strip()
              .toLowerCase(Locale.ROOT)
              .equals(name.toLowerCase(Locale.ROOT))) {
        return h.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static void answer(OutputStream out, String status, String extraHeader)
      throws IOException {
    String response =
        "HTTP/1.1 "
            + status
            + "\r\n"
            + (extraHeader.isEmpty() ? "" : extraHeader + "\r\n")
            + "Content-Length: 0\r\nConnection: close\r\n\r\n";
    out.write(response.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
