package io.tidings.shortpoll;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.MessageTooLargeException;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.polling.PollOptions;
import io.tidings.testkit.ChildJvm;
import io.tidings.testkit.junit.RecordingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

/**
 * Hostile poll bodies against a client JVM with a 64 MiB heap: each case runs in a child JVM, so a
 * regression that holds a body or a batch whole fails with an OutOfMemoryError there.
 */
class ShortPollBoundedMemoryTest {
  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);

  private static void runChild(Class<?> main) throws Exception {
    ChildJvm.Result r = ChildJvm.run(main, "64m", List.of(), CHILD_TIMEOUT);
    assertTrue(r.passed(), "child JVM failed (exit " + r.exitCode() + "):\n" + r.output());
  }

  @Test
  void aGzipBombIsStoppedAtTheBodyLimitAfterDecompression() throws Exception {
    runChild(GzipBomb.class);
  }

  @Test
  void aBatchOfAMillionEnvelopesIsReadAsAStreamUpToTheBatchLimit() throws Exception {
    runChild(MillionEnvelopes.class);
  }

  private static SubscriptionConfig.Builder config(MockWebServer server) {
    return SubscriptionConfig.builder()
        .url(server.url("/feed").uri())
        .transport("shortpoll")
        .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(50));
  }

  /** 256 MiB of JSON whitespace after "[", gzipped to about 250 KiB. */
  public static final class GzipBomb {
    public static void main(String[] args) throws Exception {
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
        gz.write('[');
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < 256; i++) {
          gz.write(spaces);
        }
      }
      byte[] bomb = zipped.toByteArray();
      try (MockWebServer server = new MockWebServer()) {
        server.setDispatcher(
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                    .setHeader("Content-Encoding", "gzip")
                    .setHeader("Content-Type", "application/json")
                    .body(new Buffer().write(bomb))
                    .build();
              }
            });
        server.start();
        RecordingListener listener = new RecordingListener();
        try (Subscription sub =
            Tidings.subscribe(config(server).maxMessageSize(1 << 20).build(), listener)) {
          MessageTooLargeException e =
              listener.assertNextError(MessageTooLargeException.class, Duration.ofSeconds(60));
          if (!e.getMessage().contains("tidings.poll.max-body-size")) {
            throw new AssertionError(e.getMessage());
          }
        }
      }
      System.out.println(ChildJvm.PASSED);
    }
  }

  /** One poll answered with 1,000,000 small envelopes (about 30 MB), streamed by the server. */
  public static final class MillionEnvelopes {
    static final int COUNT = 1_000_000;

    public static void main(String[] args) throws Exception {
      try (MockWebServer server = new MockWebServer()) {
        server.setDispatcher(
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                String from = request.getUrl().queryParameter("lastEventId");
                int start = from == null ? 0 : Integer.parseInt(from);
                return new MockResponse.Builder()
                    .setHeader("Content-Type", "application/json")
                    .body(new Envelopes(start))
                    .removeHeader("Content-Length")
                    .setHeader("Transfer-Encoding", "chunked")
                    .build();
              }
            });
        server.start();
        RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.STATE);
        try (Subscription sub =
            Tidings.subscribe(
                config(server)
                    .maxMessageSize(1 << 20)
                    .option(PollOptions.MAX_BODY_SIZE, 64L << 20)
                    .build(),
                listener)) {
          // The batch limit (10 000) cuts the answer: reported, then the next poll resumes.
          listener.assertNextMessages(PollOptions.DEFAULT_MAX_BATCH_SIZE, Duration.ofSeconds(60));
          MessageTooLargeException e =
              listener.assertNextError(MessageTooLargeException.class, Duration.ofSeconds(60));
          if (!e.getMessage().contains("tidings.poll.max-batch-size")) {
            throw new AssertionError(e.getMessage());
          }
          listener.assertNextMessageWithId(
              Integer.toString(PollOptions.DEFAULT_MAX_BATCH_SIZE + 1), Duration.ofSeconds(60));
        }
      }
      System.out.println(ChildJvm.PASSED);
    }
  }

  /** A batch of envelopes from {@code start + 1} to {@link MillionEnvelopes#COUNT}, chunked. */
  static final class Envelopes implements MockResponseBody {
    private final int start;

    Envelopes(int start) {
      this.start = start;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      StringBuilder chunk = new StringBuilder();
      chunk.append('[');
      for (int i = start + 1; i <= MillionEnvelopes.COUNT; i++) {
        if (i > start + 1) {
          chunk.append(',');
        }
        chunk.append("{\"id\":\"").append(i).append("\",\"data\":0}");
        if (chunk.length() > 32 * 1024) {
          chunk(sink, chunk);
        }
      }
      chunk.append(']');
      chunk(sink, chunk);
      sink.writeUtf8("0\r\n"); // MockWebServer ends the chunked body
    }

    private static void chunk(BufferedSink sink, StringBuilder chunk) throws IOException {
      byte[] bytes = chunk.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n");
      sink.write(bytes).writeUtf8("\r\n");
      sink.flush();
      chunk.setLength(0);
    }
  }
}
