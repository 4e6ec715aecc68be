package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Run on JDK 17 and on JDK 21+ (JAVA_HOME=.../temurin-25 mvn -pl core test -Dtest=...). */
class VirtualThreadsTest {
  private static boolean jdkHasThem() {
    return Runtime.version().feature() >= 21
        && !"false".equals(System.getProperty(VirtualThreads.PROPERTY));
  }

  private static boolean isVirtual(Thread t) throws ReflectiveOperationException {
    return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
  }

  @Test
  void foundAtRunTimeOnJdk21AndLaterOnly() throws Exception {
    assertEquals(jdkHasThem(), VirtualThreads.available());
    if (!jdkHasThem()) {
      assertNull(VirtualThreads.factory());
      assertNull(VirtualThreads.newPerTaskExecutor());
      return;
    }
    Thread t = VirtualThreads.factory().newThread(() -> {});
    assertTrue(isVirtual(t));
    ExecutorService perTask = VirtualThreads.newPerTaskExecutor();
    try {
      Future<Thread> ran = perTask.submit(Thread::currentThread);
      assertTrue(isVirtual(ran.get(10, TimeUnit.SECONDS)));
    } finally {
      perTask.shutdown();
    }
  }

  @Test
  void theDefaultIoExecutorUsesThemWhenThereAreAny() throws Exception {
    TrackedExecutor executor = new TrackedExecutor(null, "tidings-vt-test-");
    java.util.concurrent.CompletableFuture<Thread> ran =
        new java.util.concurrent.CompletableFuture<>();
    executor.execute(() -> ran.complete(Thread.currentThread()), "io-1");
    Thread t = ran.get(10, TimeUnit.SECONDS);
    assertEquals("tidings-vt-test-io-1", t.getName());
    assertTrue(executor.awaitIdle(0, java.time.Duration.ofSeconds(10)));
    if (Runtime.version().feature() >= 21) {
      assertEquals(jdkHasThem(), isVirtual(t));
    } else {
      assertTrue(t.isDaemon());
    }
    assertFalse(t.isAlive());
  }
}
