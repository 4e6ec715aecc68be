package io.tidings.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.Message;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Single-threaded costs of the steps on Tidings' per-message path, measured with the same
 * operations core performs (it does not call core's internal classes): nanoseconds and bytes
 * allocated per operation. A rough guide for where the hot path spends, not a JMH benchmark.
 *
 * <p>Run: {@code java -cp benchmarks/target/tidings-benchmarks.jar
 * io.tidings.benchmarks.HotPathProbe}
 */
public final class HotPathProbe {
  private static final int ITERATIONS = 200_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static volatile Object sink;

  private HotPathProbe() {}

  /** Prints the table. */
  public static void main(String[] args) throws Exception {
    String data =
        Payloads.measured(1, 12345, Payloads.padding(BenchmarkOptions.DEFAULT_PAYLOAD_PADDING));
    String envelope = "{\"id\":\"12345\",\"type\":\"tick\",\"seq\":12345,\"data\":" + data + "}";
    byte[] batch =
        ("{\"messages\":[" + envelope + "],\"cursor\":\"12345\",\"more\":false}")
            .getBytes(StandardCharsets.UTF_8);
    JsonNode tree = MAPPER.readTree(envelope);
    long limit = 1L << 20;

    System.out.printf(Locale.ROOT, "%-62s %10s %10s%n", "operation", "ns/op", "B/op");
    measure("Instant.now()", () -> sink = Instant.now());
    measure("System.nanoTime()", () -> sink = System.nanoTime());
    measure(
        "SSE validateJson: createParser+nextToken+skipChildren (data)",
        () -> sink = validate(data));
    measure("envelope readTree(text)", () -> sink = MAPPER.readTree(envelope));
    measure(
        "data subtree toString() of a parsed envelope", () -> sink = tree.get("data").toString());
    measure("envelope streaming: data text by token offsets", () -> sink = dataByOffsets(envelope));
    measure(
        "poll body readNBytes(limit+1), as HttpPoller.readBounded",
        () -> sink = new ByteArrayInputStream(batch).readNBytes((int) (limit + 1)));
    measure(
        "poll body readAllBytes() of the same stream",
        () -> sink = new ByteArrayInputStream(batch).readAllBytes());
    measure(
        "Message.builder()...build() with Instant.now()",
        () ->
            sink =
                Message.builder()
                    .id("12345")
                    .type("tick")
                    .transport("sse")
                    .mapper(MAPPER)
                    .receivedNanos(System.nanoTime())
                    .receivedAt(Instant.now())
                    .sequence(12345)
                    .data(data)
                    .build());
    measure(
        "new daemon Thread start+join per task (short poll: per poll)",
        2_000,
        () -> {
          Thread t = new Thread(() -> sink = null, "probe");
          t.setDaemon(true);
          t.start();
          t.join();
        });
    Runnable capture = () -> {};
    measure(
        "capturing lambda per delivery (deliver(() -> onMessage(m)))",
        () -> {
          Object m = sink;
          Runnable r = () -> capture.run();
          sink = r;
          sink = m;
        });
  }

  private interface Op {
    void run() throws Exception;
  }

  private static void measure(String name, Op op) throws Exception {
    measure(name, ITERATIONS, op);
  }

  private static void measure(String name, int iterations, Op op) throws Exception {
    for (int i = 0; i < iterations; i++) {
      op.run(); // warm up
    }
    long tid = Thread.currentThread().getId();
    long a0 = THREADS.getThreadAllocatedBytes(tid);
    long t0 = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      op.run();
    }
    long t1 = System.nanoTime();
    long a1 = THREADS.getThreadAllocatedBytes(tid);
    System.out.printf(
        Locale.ROOT,
        "%-62s %10.0f %10.0f%n",
        name,
        (t1 - t0) / (double) iterations,
        (a1 - a0) / (double) iterations);
  }

  private static boolean validate(String data) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(data)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      JsonToken trailing = p.nextToken();
      return trailing == null;
    }
  }

  /** What a streaming decoder could do: take data's text straight from the envelope. */
  private static String dataByOffsets(String envelope) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(envelope)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("data".equals(field)) {
          int start = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          int end = (int) p.currentLocation().getCharOffset();
          return envelope.substring(start, end);
        }
        if (value.isStructStart()) {
          p.skipChildren();
        }
      }
      return null;
    }
  }
}
