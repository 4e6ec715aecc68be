package io.tidings.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.logging.LDLogger;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.OrderingPolicy;
import io.tidings.spi.Frame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Single-threaded costs of each step of Tidings' per-message path for SSE, <b>frame → decode →
 * order → queue → deliver</b>, run on core's and the SSE transport's own (package-private) classes
 * through reflection: thread CPU nanoseconds and bytes allocated per message, so that a regression
 * can be located. A guide, not a JMH benchmark: each row runs {@value #ITERATIONS} operations after
 * as many for warm-up, on this thread (its CPU time, not wall time, so other load on the machine
 * does not inflate it).
 *
 * <p>Run: {@code java -cp benchmarks/target/tidings-benchmarks.jar
 * io.tidings.benchmarks.HotPathProbe}
 */
public final class HotPathProbe {
  private static final int ITERATIONS = 200_000;
  private static final int HANDOFFS = 20_000;
  private static final long BURST_GAP_NANOS = 3_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static volatile Object sink;

  private HotPathProbe() {}

  /** Prints the table. */
  public static void main(String[] args) throws Throwable {
    String data =
        Payloads.measured(1, 12345, Payloads.padding(BenchmarkOptions.DEFAULT_PAYLOAD_PADDING));
    System.out.printf(
        Locale.ROOT, "%-66s %10s %10s%n", "step: operation (per message)", "cpu ns", "bytes");

    // frame: the SSE transport's reading, an in-memory stream of ITERATIONS events
    byte[] stream = sseStream(data, ITERATIONS);
    measureStream("frame: raw OkHttp line parser (the baseline)", stream, HotPathProbe::rawParse);
    measureStream(
        "frame: okhttp-eventsource parser", stream, in -> parse(in, e -> sink = e.getData()));
    measureStream(
        "frame: + EventSizeGuard (size bound, id reset)",
        stream,
        in -> parse(guard(in), e -> sink = e.getData()));
    measureStream(
        "frame: + Frame.event (SSE now calls onEvent: no Frame)",
        stream,
        in ->
            parse(
                guard(in),
                e -> sink = Frame.event(e.getLastEventId(), e.getEventName(), e.getData())));

    // decode: FrameDecoder on ready frames
    Frame frame = Frame.event("12345", "tick", data);
    MethodHandle decodeJson = decoder(MessageFormat.JSON);
    MethodHandle decodeRaw = decoder(MessageFormat.RAW);
    measure(
        "decode: FrameDecoder, tidings.format=raw (no JSON check)",
        () -> sink = decodeRaw.invokeExact(frame, 1L));
    measure(
        "decode: FrameDecoder, tidings.format=json (JsonCheck)",
        () -> sink = decodeJson.invokeExact(frame, 1L));
    measure(
        "decode:   of which the old check, Jackson createParser+skipChildren",
        () -> sink = jacksonCheck(data));
    MethodHandle decodeEvent = eventDecoder(MessageFormat.JSON);
    measure(
        "decode: FrameDecoder.decodeEvent, json (SSE's onEvent, no Frame)",
        () -> sink = decodeEvent.invokeExact("12345", "tick", data, 1L));

    // order: the default policy (de-duplicate over the last 1024 ids)
    Message[] messages = new Message[ITERATIONS * 2];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = (Message) decodeRaw.invoke(Frame.event(Integer.toString(i), "tick", data), 1L);
    }
    Object sequencer = sequencer(OrderingPolicy.deduplicate());
    MethodHandle accept = method(sequencer.getClass(), "accept", Message.class);
    int[] next = {0};
    measure(
        "order: Sequencer.accept, default policy (de-duplicate by id)",
        () -> accept.invoke(sequencer, messages[next[0]++]));

    // queue: DeliveryQueue add and poll, one thread
    Object queue = deliveryQueue(Integer.MAX_VALUE, () -> {});
    MethodHandle add = method(queue.getClass(), "addMessage", Object.class);
    MethodHandle poll = method(queue.getClass(), "poll", Class.class);
    measure(
        "queue: DeliveryQueue.addMessage + poll",
        () -> {
          add.invoke(queue, messages[0]);
          sink = poll.invoke(queue, Message.class);
        });

    // deliver: the hand-off to a delivery thread, one message at a time (the paced case), then a
    // message every BURST_GAP_NANOS without waiting for its delivery (a burst)
    handoff(messages[0], false);
    handoff(messages[0], true);
  }

  // ---- frame

  private interface StreamOp {
    void run(InputStream in) throws Exception;
  }

  private static void measureStream(String name, byte[] stream, StreamOp op) throws Exception {
    op.run(new ByteArrayInputStream(stream)); // warm up
    op.run(new ByteArrayInputStream(stream));
    long a0 = THREADS.getCurrentThreadAllocatedBytes();
    long c0 = THREADS.getCurrentThreadCpuTime();
    op.run(new ByteArrayInputStream(stream));
    long c1 = THREADS.getCurrentThreadCpuTime();
    long a1 = THREADS.getCurrentThreadAllocatedBytes();
    row(name, (c1 - c0) / (double) ITERATIONS, (a1 - a0) / (double) ITERATIONS);
  }

  private static byte[] sseStream(String data, int events) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= events; i++) {
      b.append("id: ").append(i).append("\nevent: tick\ndata: ").append(data).append("\n\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void rawParse(InputStream in) throws IOException {
    okio.BufferedSource source = okio.Okio.buffer(okio.Okio.source(in));
    StringBuilder data = new StringBuilder();
    boolean hasData = false;
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (line.isEmpty()) {
        if (hasData) {
          sink = data.toString();
        }
        data.setLength(0);
        hasData = false;
      } else if (line.startsWith("data:")) {
        if (hasData) {
          data.append('\n');
        }
        data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
        hasData = true;
      } else if (line.startsWith("event:")) {
        sink = line.substring(line.startsWith("event: ") ? 7 : 6);
      }
    }
  }

  private static void parse(InputStream in, Consumer<MessageEvent> onEvent) {
    ConnectStrategy strategy =
        new ConnectStrategy() {
          @Override
          public ConnectStrategy.Client createClient(LDLogger logger) {
            return new ConnectStrategy.Client() {
              @Override
              public Result connect(String lastEventId) {
                return new Result(in, URI.create("http://localhost/"), () -> {});
              }

              @Override
              public boolean awaitClosed(long timeoutMillis) {
                return true;
              }

              @Override
              public URI getOrigin() {
                return URI.create("http://localhost/");
              }

              @Override
              public void close() {}
            };
          }
        };
    // As SseConnection configures it.
    try (EventSource es =
        new EventSource.Builder(strategy)
            .errorStrategy(ErrorStrategy.alwaysThrow())
            .readBufferSize(8192)
            .streamEventData(false)
            .build()) {
      while (true) {
        StreamEvent e = es.readAnyEvent();
        if (e instanceof MessageEvent) {
          onEvent.accept((MessageEvent) e);
        }
      }
    } catch (StreamException end) {
      // the end of the stream
    }
  }

  private static InputStream guard(InputStream in) throws Exception {
    Class<?> c = Class.forName("io.tidings.sse.internal.EventSizeGuard");
    Constructor<?> k = c.getDeclaredConstructor(InputStream.class, long.class);
    k.setAccessible(true);
    return (InputStream) k.newInstance(in, 1L << 20);
  }

  // ---- decode, order, queue: core's package-private classes

  private static MethodHandle decoder(MessageFormat format) throws Exception {
    Class<?> c = Class.forName("io.tidings.internal.FrameDecoder");
    Constructor<?> k =
        c.getDeclaredConstructor(ObjectMapper.class, MessageFormat.class, long.class, String.class);
    k.setAccessible(true);
    Object decoder = k.newInstance(MAPPER, format, 1L << 20, "sse");
    Method m = c.getDeclaredMethod("decode", Frame.class, long.class);
    m.setAccessible(true);
    return MethodHandles.lookup()
        .unreflect(m)
        .bindTo(decoder)
        .asType(MethodType.methodType(Object.class, Frame.class, long.class));
  }

  private static MethodHandle eventDecoder(MessageFormat format) throws Exception {
    Class<?> c = Class.forName("io.tidings.internal.FrameDecoder");
    Constructor<?> k =
        c.getDeclaredConstructor(ObjectMapper.class, MessageFormat.class, long.class, String.class);
    k.setAccessible(true);
    Object decoder = k.newInstance(MAPPER, format, 1L << 20, "sse");
    Method m =
        c.getDeclaredMethod("decodeEvent", String.class, String.class, String.class, long.class);
    m.setAccessible(true);
    return MethodHandles.lookup()
        .unreflect(m)
        .bindTo(decoder)
        .asType(
            MethodType.methodType(
                Object.class, String.class, String.class, String.class, long.class));
  }

  private static boolean jacksonCheck(String data) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(data)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      JsonToken trailing = p.nextToken();
      return trailing == null;
    }
  }

  private static Object sequencer(OrderingPolicy policy) throws Exception {
    Class<?> c = Class.forName("io.tidings.internal.Sequencer");
    Constructor<?> k =
        c.getDeclaredConstructor(OrderingPolicy.class, Consumer.class, Consumer.class);
    k.setAccessible(true);
    Consumer<Message> out = m -> sink = m;
    Consumer<Gap> gaps = g -> sink = g;
    return k.newInstance(policy, out, gaps);
  }

  private static Object deliveryQueue(int capacity, Runnable onAdded) throws Exception {
    Class<?> c = Class.forName("io.tidings.internal.DeliveryQueue");
    Constructor<?> k = c.getDeclaredConstructor(int.class, Runnable.class);
    k.setAccessible(true);
    return k.newInstance(capacity, onAdded);
  }

  private static MethodHandle method(Class<?> c, String name, Class<?>... types) throws Exception {
    Method m = c.getDeclaredMethod(name, types);
    m.setAccessible(true);
    return MethodHandles.lookup().unreflect(m);
  }

  // ---- deliver

  /**
   * One message at a time through a DeliveryQueue and a SerialDelivery on a one-thread pool (as on
   * Tidings' delivery pool): the producer adds, the drain task wakes up on the pool thread, polls
   * and "delivers" (counts); the producer waits (spinning) for that before the next. Both threads'
   * CPU per message: the cost of waking a parked delivery thread for every message.
   */
  private static void handoff(Message message, boolean burst) throws Throwable {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "probe-delivery");
              t.setDaemon(true);
              return t;
            });
    AtomicLong delivered = new AtomicLong();
    AtomicLong submits = new AtomicLong();
    java.util.concurrent.Executor counting =
        r -> {
          submits.incrementAndGet();
          pool.execute(r);
        };
    long[] poolThread = new long[1];
    pool.submit(() -> poolThread[0] = Thread.currentThread().getId()).get();
    Object[] holder = new Object[2]; // queue, delivery
    Class<?> sd = Class.forName("io.tidings.internal.SerialDelivery");
    Class<?> drainType = Class.forName("io.tidings.internal.SerialDelivery$Drain");
    Class<?> resultType = Class.forName("io.tidings.internal.SerialDelivery$Result");
    Object idle = null;
    Object more = null;
    for (Object constant : resultType.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals("IDLE")) {
        idle = constant;
      } else if (((Enum<?>) constant).name().equals("MORE")) {
        more = constant;
      }
    }
    Object idleResult = idle;
    Object moreResult = more;
    MethodHandle poll =
        method(Class.forName("io.tidings.internal.DeliveryQueue"), "poll", Class.class);
    Object drain =
        java.lang.reflect.Proxy.newProxyInstance(
            drainType.getClassLoader(),
            new Class<?>[] {drainType},
            (proxy, m, a) -> {
              if (!m.getName().equals("drain")) {
                return m.getName().equals("hashCode")
                    ? 0
                    : m.getName().equals("equals") ? false : "drain";
              }
              int budget = (Integer) a[0];
              for (int i = 0; i < budget; i++) {
                Object item = poll.invoke(holder[0], Message.class);
                if (item == null) {
                  return idleResult;
                }
                sink = item;
                delivered.incrementAndGet();
              }
              return moreResult;
            });
    Constructor<?> k =
        sd.getDeclaredConstructor(java.util.concurrent.Executor.class, drainType, String.class);
    k.setAccessible(true);
    Object delivery = k.newInstance(counting, drain, "probe");
    MethodHandle signal = method(sd, "signal").bindTo(delivery);
    holder[0] =
        deliveryQueue(
            Integer.MAX_VALUE,
            () -> {
              try {
                signal.invoke();
              } catch (Throwable t) {
                throw new IllegalStateException(t);
              }
            });
    MethodHandle add = method(holder[0].getClass(), "addMessage", Object.class);
    for (int round = 0; round < 2; round++) { // the first is the warm-up
      long p0 = THREADS.getThreadCpuTime(poolThread[0]);
      long pa0 = THREADS.getThreadAllocatedBytes(poolThread[0]);
      long s0 = submits.get();
      long addNanos = 0;
      long handoffNanos = 0;
      long start = System.nanoTime();
      for (int i = 0; i < HANDOFFS; i++) {
        long target = delivered.get() + 1;
        long t0 = System.nanoTime();
        add.invoke(holder[0], (Object) message);
        long t1 = System.nanoTime();
        addNanos += t1 - t0;
        if (burst) {
          while (System.nanoTime() - t1 < BURST_GAP_NANOS) {
            Thread.onSpinWait(); // the reader parsing the next event
          }
          continue;
        }
        while (delivered.get() < target) {
          Thread.onSpinWait();
        }
        long t2 = System.nanoTime();
        handoffNanos += t2 - t0;
        // Let the delivery thread park again, as between paced messages.
        LockSupport.parkNanos(20_000);
      }
      long expected = (round + 1L) * HANDOFFS;
      while (delivered.get() < expected) {
        Thread.onSpinWait();
      }
      long wall = System.nanoTime() - start;
      long p1 = THREADS.getThreadCpuTime(poolThread[0]);
      long pa1 = THREADS.getThreadAllocatedBytes(poolThread[0]);
      double perSubmit = (submits.get() - s0) / (double) HANDOFFS;
      if (round == 1 && !burst) {
        row(
            "deliver: add + signal + submit to the pool (producer, wall ns)",
            addNanos / (double) HANDOFFS,
            Double.NaN);
        row(
            "deliver: delivery thread per message: wake, drain, poll, park",
            (p1 - p0) / (double) HANDOFFS,
            (pa1 - pa0) / (double) HANDOFFS);
        row(
            "deliver: wall time from add to delivered (the wake-up latency)",
            handoffNanos / (double) HANDOFFS,
            Double.NaN);
      } else if (round == 1) {
        row(
            "deliver, burst (an add every "
                + BURST_GAP_NANOS / 1000
                + " us): add + signal (producer, wall ns)",
            addNanos / (double) HANDOFFS,
            Double.NaN);
        row(
            "deliver, burst: delivery thread per message",
            (p1 - p0) / (double) HANDOFFS,
            (pa1 - pa0) / (double) HANDOFFS);
        row(
            "deliver, burst: drain tasks submitted per 1000 messages",
            perSubmit * 1000,
            Double.NaN);
        row("deliver, burst: wall ns per message", wall / (double) HANDOFFS, Double.NaN);
      }
    }
    pool.shutdownNow();
  }

  // ---- measuring

  private interface Op {
    void run() throws Throwable;
  }

  private static void measure(String name, Op op) throws Throwable {
    for (int i = 0; i < ITERATIONS; i++) {
      op.run(); // warm up
    }
    long a0 = THREADS.getCurrentThreadAllocatedBytes();
    long c0 = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < ITERATIONS; i++) {
      op.run();
    }
    long c1 = THREADS.getCurrentThreadCpuTime();
    long a1 = THREADS.getCurrentThreadAllocatedBytes();
    row(name, (c1 - c0) / (double) ITERATIONS, (a1 - a0) / (double) ITERATIONS);
  }

  private static void row(String name, double nanos, double bytes) {
    System.out.printf(
        Locale.ROOT,
        "%-66s %10.0f %10s%n",
        name,
        nanos,
        Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%.0f", bytes));
  }
}
