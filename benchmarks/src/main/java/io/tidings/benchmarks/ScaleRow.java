package io.tidings.benchmarks;

/**
 * One measured row of {@link ScaleBenchmark}: {@code n} idle subscriptions of one transport through
 * one client (Tidings or raw OkHttp) on one JDK. Per-subscription figures are the increase over the
 * moment before opening them, divided by {@code n}. Immutable.
 *
 * @param jdk the worker's Java feature version (17, 25, ...)
 * @param transport the wire protocol
 * @param client {@code tidings} or {@code raw}
 * @param n subscriptions opened
 * @param listening how many had received their first message within the timeout
 * @param openMillis first subscribe call to the last one listening
 * @param closeMillis first close() call to the last one returned
 * @param threadsPerSubscription live platform threads added, per subscription
 * @param heapBytesPerSubscription heap used after a full GC added, per subscription
 * @param rssBytesPerSubscription resident memory added, per subscription: native memory (RSS of a
 *     JVM whose heap is fixed and pre-touched) plus the heap after GC
 * @param fanOutP50Micros median publish-to-delivery time of one message to all n
 * @param fanOutP99Micros 99th percentile of it
 * @param fanOutMaxMicros publish to the last subscriber
 * @param fannedOut how many got the message within the timeout
 * @param threadsLeft platform threads above the level before the run, after closing everything
 * @param socketsLeft sockets above the level before the run, after closing everything
 * @param loadAverage the machine's 1-minute load average when the row started
 */
record ScaleRow(
    int jdk,
    String transport,
    String client,
    int n,
    int listening,
    long openMillis,
    long closeMillis,
    double threadsPerSubscription,
    double heapBytesPerSubscription,
    double rssBytesPerSubscription,
    long fanOutP50Micros,
    long fanOutP99Micros,
    long fanOutMaxMicros,
    int fannedOut,
    int threadsLeft,
    int socketsLeft,
    double loadAverage) {

  /** True when every subscription listened and got the fan-out message. */
  boolean complete() {
    return listening == n && fannedOut == n;
  }
}
