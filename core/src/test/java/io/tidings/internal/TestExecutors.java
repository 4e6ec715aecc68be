package io.tidings.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor handed to subscriptions in tests: a cached pool by default, or virtual threads with
 * {@code -Dtidings.test.executor=virtual} on JDK 21+ (checked by hand, see the README).
 */
final class TestExecutors {
  private TestExecutors() {}

  static ExecutorService create() {
    if ("virtual".equals(System.getProperty("tidings.test.executor"))) {
      try {
        return (ExecutorService)
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("virtual threads need JDK 21+", e);
      }
    }
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> new Thread(r, "user-pool-" + n.incrementAndGet()));
  }

  /** True when a thread name is one of the executor's (virtual threads have empty names). */
  static boolean isTheirs(String threadName) {
    return "virtual".equals(System.getProperty("tidings.test.executor"))
        ? threadName.isEmpty()
        : threadName.startsWith("user-pool-");
  }
}
