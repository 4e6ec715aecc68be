package io.tidings.sse;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A chunked response body that stays open: the test sends text into it while it streams, and ends
 * it. Thread-safe.
 */
final class LiveBody implements MockResponseBody {
  private static final long IDLE_LIMIT_SECONDS = 30;

  private final BlockingQueue<Optional<String>> queue = new LinkedBlockingQueue<>();

  /** Queues text to write and flush. */
  LiveBody send(String text) {
    queue.add(Optional.of(text));
    return this;
  }

  /** Ends the body (the response completes). */
  void end() {
    queue.add(Optional.empty());
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    while (true) {
      Optional<String> next;
      try {
        next = queue.poll(IDLE_LIMIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next == null || next.isEmpty()) {
        return;
      }
      sink.writeUtf8(next.get());
      sink.flush();
    }
  }
}
