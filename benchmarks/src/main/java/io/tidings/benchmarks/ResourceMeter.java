package io.tidings.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures CPU time and allocation per thread with {@code com.sun.management.ThreadMXBean} ({@code
 * getThreadCpuTime}, {@code getThreadAllocatedBytes}), split into <b>client</b> threads (Tidings',
 * OkHttp's, the raw clients') and the rest: the in-process reference server ({@code refserver-*},
 * Jetty's {@code Scheduler-*}), the benchmark's own threads (coordinator/publisher, sampler) and
 * JVM housekeeping. A sampler thread reads every thread every {@value #SAMPLE_MILLIS} ms so that
 * threads ending mid-phase keep (almost all of) their count. Also reads the process CPU time
 * (everything: server, GC, JIT) and GC counters. Thread-safe.
 */
final class ResourceMeter implements AutoCloseable {
  static final long SAMPLE_MILLIS = 100;

  private static final Set<String> JVM_THREADS =
      Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Common-Cleaner",
          "Notification Thread",
          "Attach Listener",
          "process reaper",
          "DestroyJavaVM");

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Map<Long, ThreadAccount> accounts = new HashMap<>();
  private final Set<Long> benchThreads = ConcurrentHashMap.newKeySet();
  private final Thread sampler;
  private volatile boolean closed;

  ResourceMeter() {
    threads.setThreadCpuTimeEnabled(true);
    threads.setThreadAllocatedMemoryEnabled(true);
    sampler = new Thread(this::sampleLoop, "bench-sampler");
    sampler.setDaemon(true);
    benchThreads.add(sampler.getId());
    sampler.start();
  }

  /** Counts {@code thread} as the benchmark's own (not client) from now on. */
  void excludeThread(Thread thread) {
    benchThreads.add(thread.getId());
  }

  /**
   * Records the calling thread's final CPU time and allocation: call it last thing on a thread that
   * is about to end.
   */
  void threadEnding() {
    Thread t = Thread.currentThread();
    long cpu = threads.getCurrentThreadCpuTime();
    long alloc = threads.getThreadAllocatedBytes(t.getId());
    synchronized (this) {
      ThreadAccount a =
          accounts.computeIfAbsent(
              t.getId(),
              id ->
                  new ThreadAccount(
                      t.getName(), benchThreads.contains(id) ? Category.BENCH : Category.CLIENT));
      a.cpuNanos = Math.max(a.cpuNanos, cpu);
      a.allocatedBytes = Math.max(a.allocatedBytes, alloc);
    }
  }

  /** A reading of every counter now. */
  synchronized Reading read() {
    sample();
    long clientCpu = 0;
    long clientAlloc = 0;
    for (ThreadAccount a : accounts.values()) {
      if (a.category == Category.CLIENT) {
        clientCpu += a.cpuNanos;
        clientAlloc += a.allocatedBytes;
      }
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new Reading(clientCpu, clientAlloc, os.getProcessCpuTime(), gcCount, gcMillis);
  }

  /** The client threads seen so far with their totals, busiest first (for --threads). */
  synchronized List<String> describeClientThreads() {
    sample();
    List<ThreadAccount> list = new ArrayList<>(accounts.values());
    list.sort(Comparator.comparingLong((ThreadAccount a) -> a.cpuNanos).reversed());
    List<String> out = new ArrayList<>();
    for (ThreadAccount a : list) {
      out.add(
          String.format(
              "%-8s %-50s cpu %8.1f ms  alloc %10d KB",
              a.category, a.name, a.cpuNanos / 1e6, a.allocatedBytes / 1024));
    }
    return out;
  }

  private void sampleLoop() {
    while (!closed) {
      synchronized (this) {
        sample();
      }
      try {
        Thread.sleep(SAMPLE_MILLIS); // a sampling period, not a wait for an outcome
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    long[] ids = threads.getAllThreadIds();
    long[] cpu = threads.getThreadCpuTime(ids);
    long[] alloc = threads.getThreadAllocatedBytes(ids);
    ThreadInfo[] infos = null;
    for (int i = 0; i < ids.length; i++) {
      ThreadAccount a = accounts.get(ids[i]);
      if (a == null) {
        if (infos == null) {
          infos = threads.getThreadInfo(ids);
        }
        if (infos[i] == null) {
          continue; // ended meanwhile
        }
        a = new ThreadAccount(infos[i].getThreadName(), categorize(ids[i], infos[i]));
        accounts.put(ids[i], a);
      }
      if (cpu[i] >= 0) {
        a.cpuNanos = Math.max(a.cpuNanos, cpu[i]);
      }
      if (alloc[i] >= 0) {
        a.allocatedBytes = Math.max(a.allocatedBytes, alloc[i]);
      }
    }
  }

  private Category categorize(long id, ThreadInfo info) {
    String name = info.getThreadName();
    if (benchThreads.contains(id)) {
      return Category.BENCH;
    }
    if (name.startsWith("refserver") || name.startsWith("Scheduler-")) {
      return Category.SERVER;
    }
    if (JVM_THREADS.contains(name)) {
      return Category.JVM;
    }
    return Category.CLIENT;
  }

  @Override
  public void close() {
    closed = true;
    sampler.interrupt();
  }

  private enum Category {
    CLIENT,
    SERVER,
    BENCH,
    JVM
  }

  private static final class ThreadAccount {
    final String name;
    final Category category;
    long cpuNanos;
    long allocatedBytes;

    ThreadAccount(String name, Category category) {
      this.name = name;
      this.category = category;
    }
  }

  /**
   * Cumulative counters at one moment.
   *
   * @param clientCpuNanos CPU time of client threads
   * @param clientAllocatedBytes bytes allocated by client threads
   * @param processCpuNanos CPU time of the whole process
   * @param gcCount collections
   * @param gcMillis time in collections
   */
  record Reading(
      long clientCpuNanos,
      long clientAllocatedBytes,
      long processCpuNanos,
      long gcCount,
      long gcMillis) {
    /** What happened between {@code earlier} and this reading. */
    Reading minus(Reading earlier) {
      return new Reading(
          clientCpuNanos - earlier.clientCpuNanos,
          clientAllocatedBytes - earlier.clientAllocatedBytes,
          processCpuNanos - earlier.processCpuNanos,
          gcCount - earlier.gcCount,
          gcMillis - earlier.gcMillis);
    }
  }
}
