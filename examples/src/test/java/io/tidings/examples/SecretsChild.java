package io.tidings.examples;

import io.tidings.CredentialsProvider;
import io.tidings.Message;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.testkit.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link SecretsStayOutOfLogsTest}: on each transport, a subscription whose {@link
 * CredentialsProvider} first hands out a stale token (refused with 401, refreshed) and one whose
 * provider only ever has the stale one (refused twice: the subscription gives up). Every error and
 * the way each subscription ended are printed with their stack traces and causes, next to Tidings'
 * own TRACE logging. Everything written to {@code System.out} and {@code System.err} (where
 * slf4j-simple logs) is also kept, and checked here at the end: the child prints {@link
 * ChildJvm#PASSED} only when no secret is in it and every case was reported.
 */
public final class SecretsChild {
  static final String STALE = "stale-secret-7f3a9c";
  static final String FRESH = "fresh-secret-2b8e41";
  static final String SESSION = "session-secret-91d0c3";
  static final List<String> SECRETS = List.of(STALE, FRESH, SESSION);
  static final List<String> TRANSPORTS = List.of("shortpoll", "longpoll", "sse", "websocket");
  static final int MESSAGES = 3;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private SecretsChild() {}

  /** {@code args[0]}: the reference server's URL; it accepts {@link #FRESH} only. */
  public static void main(String[] args) throws Exception {
    PrintStream real = System.out;
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(new Tee(real, kept), true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee); // before the first log line: slf4j-simple writes to System.err
    for (String transport : TRANSPORTS) {
      refreshed(args[0], transport);
      refusedTwice(args[0], transport);
    }
    tee.flush();
    String all = kept.toString(StandardCharsets.UTF_8);
    String problem = check(all);
    if (problem != null) {
      real.println("FAILED: " + problem);
      real.flush();
      System.exit(1);
    }
    real.println(all.length() + " characters of output checked");
    real.println(ChildJvm.PASSED);
    real.flush();
    System.exit(0);
  }

  /** What is wrong with the output, or null. */
  static String check(String all) {
    for (String secret : SECRETS) {
      int at = all.indexOf(secret);
      if (at >= 0) {
        return "a secret in the output: ..."
            + all.substring(Math.max(0, at - 300), Math.min(all.length(), at + 100));
      }
    }
    if (!all.contains("DEBUG io.tidings")) {
      return "Tidings logged nothing at DEBUG";
    }
    for (String transport : TRANSPORTS) {
      if (!all.contains(transport + " refused twice: closed io.tidings.GaveUpException")) {
        return transport + ": no GaveUpException after a token refused twice";
      }
      if (!all.contains(transport + " refreshed: message")) {
        return transport + ": no message after the refresh";
      }
    }
    return null;
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }

  private static SubscriptionConfig config(String url, String transport, CredentialsProvider p) {
    return SubscriptionConfig.builder()
        .name("secrets-" + transport)
        .url(url)
        .transport(transport)
        .credentials(p)
        .build();
  }

  private static Map<String, String> headers(String token) {
    return Map.of("Authorization", "Bearer " + token, "X-Session", SESSION);
  }

  private static void refreshed(String url, String transport) throws Exception {
    CredentialsProvider provider =
        request -> CompletableFuture.completedFuture(headers(request.refresh() ? FRESH : STALE));
    Printing listener = new Printing(transport + " refreshed");
    try (Subscription sub = Tidings.subscribe(config(url, transport, provider), listener)) {
      if (!listener.messages.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(transport + ": messages did not arrive; " + sub.stats());
      }
      System.out.println(transport + " refreshed: " + sub + " " + sub.stats());
    }
  }

  private static void refusedTwice(String url, String transport) throws Exception {
    CredentialsProvider provider = request -> CompletableFuture.completedFuture(headers(STALE));
    Printing listener = new Printing(transport + " refused twice");
    Subscription sub = Tidings.subscribe(config(url, transport, provider), listener);
    if (!listener.closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(transport + ": a token refused twice did not end it");
    }
    System.out.println(transport + " refused twice: " + sub + " " + sub.stats());
    try {
      sub.closed().toCompletableFuture().join();
    } catch (RuntimeException e) {
      e.printStackTrace(System.out);
    }
    sub.close();
  }

  /** Prints every error and the end, with stack traces. */
  private static final class Printing implements SubscriptionListener {
    final CountDownLatch messages = new CountDownLatch(MESSAGES);
    final CountDownLatch closed = new CountDownLatch(1);
    private final String what;

    Printing(String what) {
      this.what = what;
    }

    @Override
    public void onMessage(Message message) {
      System.out.println(what + ": message " + message);
      messages.countDown();
    }

    @Override
    public void onError(TidingsException error) {
      System.out.println(what + ": error " + error);
      error.printStackTrace(System.out);
    }

    @Override
    public void onClosed(Throwable cause) {
      System.out.println(what + ": closed " + cause);
      if (cause != null) {
        cause.printStackTrace(System.out);
      }
      closed.countDown();
    }
  }
}
