package io.tidings.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/** Reads a raw SSE stream with OkHttp, one event or comment at a time (test helper). */
final class SseReader implements AutoCloseable {
  /** One block: an event, or comment lines. */
  record Block(String id, String event, String data, List<String> comments, String retry) {
    boolean isEvent() {
      return data != null;
    }
  }

  final Response response;
  private final BufferedSource source;

  SseReader(OkHttpClient client, String url, String lastEventId) throws IOException {
    Request.Builder b = new Request.Builder().url(url).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    response = client.newCall(b.build()).execute();
    source = response.body().source();
  }

  /**
   * From now on, a read that waits longer than {@code timeout} for bytes fails with an {@link
   * InterruptedIOException}: for the part of a test that expects silence, after a healthy part read
   * with the client's generous timeout.
   */
  void readTimeout(Duration timeout) {
    source.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The next block; throws IOException when the stream ends or times out. */
  Block next() throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    String retry = null;
    List<String> comments = new ArrayList<>();
    while (true) {
      String line = source.readUtf8Line();
      if (line == null) {
        throw new IOException("end of stream");
      }
      if (line.isEmpty()) {
        if (data != null || !comments.isEmpty() || retry != null || event != null) {
          return new Block(id, event, data == null ? null : data.toString(), comments, retry);
        }
        continue;
      }
      if (line.startsWith(":")) {
        comments.add(line.substring(1).trim());
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("retry:")) {
        retry = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        String d = line.substring(5);
        d = d.startsWith(" ") ? d.substring(1) : d;
        data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
      }
    }
  }

  /** The next event, skipping comments and retry blocks. */
  Block nextEvent() throws IOException {
    while (true) {
      Block b = next();
      if (b.isEvent()) {
        return b;
      }
    }
  }

  @Override
  public void close() {
    response.close();
  }

  /** Asserts that the stream ends with an I/O error that is not a timeout: it was cut. */
  void assertCut() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              while (true) {
                next();
              }
            });
    assertFalse(e instanceof InterruptedIOException, "expected a cut, got a timeout: " + e);
  }
}
