package io.tidings.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.MessageTooLargeException;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.ChildJvm;
import io.tidings.testkit.junit.RecordingListener;
import io.tidings.testkit.junit.RecordingListener.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** WebSocket against a raw-socket server that writes exactly the bytes a test scripts. */
class WebSocketHostileServerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ScriptedServer server;
  private Subscription sub;

  @AfterEach
  void stop() throws Exception {
    if (sub != null) {
      sub.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private SubscriptionConfig.Builder config() {
    return SubscriptionConfig.builder()
        .transport("websocket")
        .url(server.url())
        .reconnectPolicy(
            ReconnectPolicy.exponentialBackoff()
                .initialDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(50))
                .build());
  }

  /** A server frame (unmasked) with this opcode and payload. */
  static byte[] frame(int opcode, boolean fin, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    writeLength(out, payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static void writeLength(ByteArrayOutputStream out, long length) {
    if (length < 126) {
      out.write((int) length);
    } else if (length < 65536) {
      out.write(126);
      out.write((int) (length >> 8));
      out.write((int) length);
    } else {
      out.write(127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (length >> (8 * i)));
      }
    }
  }

  static byte[] text(String s) {
    return frame(1, true, s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void invalidUtf8InATextFrameFailsTheConnectionWith1007AndIsReported() throws Exception {
    server = new ScriptedServer();
    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    bad.writeBytes("{\"id\":\"1\",\"data\":\"".getBytes(StandardCharsets.UTF_8));
    bad.write(0xFF);
    bad.write(0xFE);
    bad.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    server.script(0, frame(1, true, bad.toByteArray()));
    server.script(1, text("{\"id\":\"2\",\"data\":2}"));
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().build(), listener);
    DecodeException e = listener.assertNextError(DecodeException.class, WAIT);
    assertTrue(e.getMessage().contains("1007"), e.getMessage());
    assertEquals(1007, server.closeCodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    // Reconnected, from no cursor: the next connection's message arrives; nothing had U+FFFD.
    assertEquals("2", listener.assertNextMessage(WAIT).id());
    assertTrue(listener.messages().stream().noneMatch(m -> m.data().contains("\uFFFD")));
  }

  @Test
  void invalidUtf8SplitAcrossFragmentsIsCaught() throws Exception {
    server = new ScriptedServer();
    byte[] first = "{\"id\":\"1\",\"data\":\"\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] cut = java.util.Arrays.copyOf(first, first.length - 1); // ends inside "é"
    ByteArrayOutputStream script = new ByteArrayOutputStream();
    script.writeBytes(frame(1, false, cut));
    script.writeBytes(
        frame(0, true, "x\"}".getBytes(StandardCharsets.UTF_8))); // not a continuation byte
    server.script(0, script.toByteArray());
    server.script(1, text("{\"id\":\"2\",\"data\":2}"));
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().build(), listener);
    listener.assertNextError(DecodeException.class, WAIT);
    assertEquals("2", listener.assertNextMessage(WAIT).id());
  }

  @Test
  void aFrameOverTheLimitIsDroppedFromItsHeaderAndTheNextMessageArrives() throws Exception {
    server = new ScriptedServer();
    ByteArrayOutputStream script = new ByteArrayOutputStream();
    byte[] big = new byte[300_000];
    java.util.Arrays.fill(big, (byte) 'x');
    script.writeBytes(frame(2, true, big));
    script.writeBytes(text("{\"id\":\"2\",\"data\":2}"));
    server.script(0, script.toByteArray());
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().maxMessageSize(100_000).build(), listener);
    MessageTooLargeException e = listener.assertNextError(MessageTooLargeException.class, WAIT);
    assertTrue(e.getMessage().contains("300000"), e.getMessage());
    assertEquals("2", listener.assertNextMessage(WAIT).id());
  }

  @Test
  void anUpgradeOnAConnectionThatAnsweredARefusalBeforeIsStillGuarded() throws Exception {
    server = new ScriptedServer();
    server.refuseFirstRequest = true;
    ByteArrayOutputStream script = new ByteArrayOutputStream();
    byte[] part = new byte[60_000];
    script.writeBytes(frame(2, false, part));
    script.writeBytes(frame(0, false, part));
    script.writeBytes(frame(0, true, part));
    server.script(0, script.toByteArray());
    server.script(1, text("{\"id\":\"2\",\"data\":2}"));
    RecordingListener listener = new RecordingListener().skip(Kind.STATE, Kind.ERROR);
    sub = Tidings.subscribe(config().maxMessageSize(100_000).build(), listener);
    // The refusal's connection was reused for the upgrade (OkHttp pools it): the guard, which had
    // passed the 503 through, read the upgrade's head again and failed the fragmented message
    // with 1009 (unguarded, OkHttp would have assembled it whole).
    assertEquals(1009, server.closeCodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals("2", listener.assertNextMessage(WAIT).id());
    assertEquals(2, server.clientPorts.size(), "a refusal and an upgrade on each connection");
    assertEquals(4, server.heads.size(), "a refusal and an upgrade on each connection");
  }

  @Test
  void aFragmentedMessageGrowingOverTheLimitFailsTheConnectionWith1009() throws Exception {
    server = new ScriptedServer();
    ByteArrayOutputStream script = new ByteArrayOutputStream();
    byte[] part = new byte[60_000];
    java.util.Arrays.fill(part, (byte) 'x');
    script.writeBytes(frame(2, false, part));
    script.writeBytes(frame(0, false, part));
    script.writeBytes(frame(0, true, part));
    server.script(0, script.toByteArray());
    server.script(1, text("{\"id\":\"2\",\"data\":2}"));
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().maxMessageSize(100_000).build(), listener);
    listener.assertNextError(MessageTooLargeException.class, WAIT);
    assertEquals(1009, server.closeCodes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals("2", listener.assertNextMessage(WAIT).id());
  }

  @Test
  void compressionIsNotOffered() throws Exception {
    server = new ScriptedServer();
    server.script(0, text("{\"id\":\"1\",\"data\":1}"));
    RecordingListener listener = new RecordingListener().skip(Kind.STATE);
    sub = Tidings.subscribe(config().build(), listener);
    listener.assertNextMessage(WAIT);
    String head = server.heads.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(!head.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"), head);
  }

  @Test
  void closeReturnsOnlyOnceTheSocketIsClosedWithAnotherSubscriptionOpen() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
    server = new ScriptedServer();
    server.ignoreCloses = true; // the closing handshake never completes
    server.script(0, text("{\"id\":\"1\",\"data\":1}"));
    server.script(1, text("{\"id\":\"1\",\"data\":1}"));
    RecordingListener keepListener = new RecordingListener().skip(Kind.STATE);
    try (Subscription keep = Tidings.subscribe(config().build(), keepListener)) {
      keepListener.assertNextMessage(WAIT);
      RecordingListener listener = new RecordingListener().skip(Kind.STATE);
      sub = Tidings.subscribe(config().build(), listener);
      listener.assertNextMessage(WAIT);
      int clientPort = server.clientPorts.get(1);
      String inode = inodeOfConnection(clientPort, server.port());
      assertTrue(openFds().contains("socket:[" + inode + "]"), "the socket is open");
      sub.close();
      // Not "soon after": at once. close() returned once the close frame was written and the socket
      // released.
      assertFalse(openFds().contains("socket:[" + inode + "]"), "socket still open after close()");
    }
  }

  /**
   * The inode of this JVM's established socket from local port {@code localPort} to {@code
   * remotePort} on loopback. Both ports are matched: on a shared machine another process may use
   * the same ephemeral port towards another server.
   */
  private static String inodeOfConnection(int localPort, int remotePort) throws IOException {
    String local = String.format(Locale.ROOT, ":%04X", localPort);
    String remote = String.format(Locale.ROOT, ":%04X", remotePort);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
    if (Files.isReadable(Path.of("/proc/net/tcp6"))) {
      lines.addAll(Files.readAllLines(Path.of("/proc/net/tcp6")));
    }
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      // Only an established socket with an inode: a closed one in TIME_WAIT (inode 0) may hold
      // the same port from an earlier test.
      if (f.length > 9
          && f[1].endsWith(local)
          && f[2].endsWith(remote)
          && "01".equals(f[3])
          && !"0".equals(f[9])) {
        return f[9];
      }
    }
    throw new AssertionError(
        "no established socket from local port " + localPort + " to " + remotePort);
  }

  private static java.util.Set<String> openFds() throws IOException {
    java.util.Set<String> targets = new java.util.HashSet<>();
    try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          targets.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    return targets;
  }

  @Test
  void aFrameOf200MiBStaysWithinASmallHeap() throws Exception {
    ChildJvm.Result r = ChildJvm.run(HugeFrame.class, "64m", List.of(), Duration.ofMinutes(3));
    assertTrue(r.passed(), "child JVM failed (exit " + r.exitCode() + "):\n" + r.output());
  }

  /** One 200 MiB binary frame, written from a small buffer, then a normal message. */
  public static final class HugeFrame {
    public static void main(String[] args) throws Exception {
      try (ScriptedServer server = new ScriptedServer()) {
        server.huge(0, 200L << 20, text("{\"id\":\"2\",\"data\":2}"));
        RecordingListener listener = new RecordingListener().skip(Kind.STATE);
        try (Subscription sub =
            Tidings.subscribe(
                SubscriptionConfig.builder().transport("websocket").url(server.url()).build(),
                listener)) {
          listener.assertNextError(MessageTooLargeException.class, Duration.ofMinutes(2));
          if (!"2".equals(listener.assertNextMessage(Duration.ofMinutes(2)).id())) {
            throw new AssertionError("wrong message");
          }
        }
      }
      System.out.println(ChildJvm.PASSED);
    }
  }

  /**
   * Accepts connections one after the other, completes the upgrade, writes the bytes scripted for
   * that connection (its index), then reads client frames and records close codes.
   */
  static final class ScriptedServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private final ServerSocket serverSocket;
    private final Thread thread;
    private final java.util.Map<Integer, byte[]> scripts =
        new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long hugeLength = -1;
    private volatile int hugeIndex = -1;
    private volatile byte[] afterHuge;
    final LinkedBlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> heads = new LinkedBlockingQueue<>();
    final java.util.Map<Integer, Integer> clientPorts =
        new java.util.concurrent.ConcurrentHashMap<>();
    volatile boolean ignoreCloses;

    /** Answer the first request of each connection with a 503 kept alive, then read the next. */
    volatile boolean refuseFirstRequest;

    private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

    ScriptedServer() throws IOException {
      serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread = new Thread(this::acceptLoop, "scripted-ws-server");
      thread.setDaemon(true);
      thread.start();
    }

    String url() {
      return "ws://127.0.0.1:" + port() + "/feed";
    }

    int port() {
      return serverSocket.getLocalPort();
    }

    void script(int connection, byte[] bytes) {
      scripts.put(connection, bytes);
    }

    void huge(int connection, long length, byte[] after) {
      hugeIndex = connection;
      hugeLength = length;
      afterHuge = after;
    }

    private void acceptLoop() {
      for (int i = 0; ; i++) {
        Socket s;
        try {
          s = serverSocket.accept();
        } catch (IOException e) {
          return;
        }
        sockets.add(s);
        clientPorts.put(i, s.getPort());
        int index = i;
        Thread t = new Thread(() -> serve(s, index), "scripted-ws-" + i);
        t.setDaemon(true);
        t.start();
      }
    }

    private void serve(Socket s, int index) {
      try (s) {
        InputStream in = s.getInputStream();
        String head = readHead(in);
        heads.add(head);
        if (refuseFirstRequest) {
          s.getOutputStream()
              .write(
                  ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          head = readHead(in); // the same connection again, if the client reuses it
          heads.add(head);
        }
        String key = header(head, "sec-websocket-key");
        String accept =
            Base64.getEncoder()
                .encodeToString(
                    MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: "
                    + accept
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] script = scripts.get(index);
        if (script != null) {
          out.write(script);
        }
        if (index == hugeIndex) {
          ByteArrayOutputStream h = new ByteArrayOutputStream();
          h.write(0x82);
          writeLength(h, hugeLength);
          out.write(h.toByteArray());
          byte[] chunk = new byte[64 * 1024];
          for (long left = hugeLength; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
          }
          out.write(afterHuge);
        }
        out.flush();
        readClientFrames(in, out);
      } catch (Exception e) {
        // the client went away
      }
    }

    /** Reads masked client frames; records a close code and answers the close. */
    private void readClientFrames(InputStream in, OutputStream out) throws IOException {
      while (true) {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
          return;
        }
        long len = b1 & 0x7F;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        } else if (len == 127) {
          len = 0;
          for (int i = 0; i < 8; i++) {
            len = (len << 8) | in.read();
          }
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) len);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
        if ((b0 & 0x0F) == 8 && ignoreCloses) {
          continue;
        }
        if ((b0 & 0x0F) == 8) {
          int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
          closeCodes.add(code);
          out.write(frame(8, true, new byte[] {(byte) 0x03, (byte) 0xE8}));
          out.flush();
          return;
        }
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < end.length) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("EOF in the request head");
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
      for (Socket s : sockets) {
        s.close();
      }
      thread.join(5_000);
    }
  }
}
