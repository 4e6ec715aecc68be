package io.tidings.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads when the running JDK has them (21+), found at run time so that the bytecode stays
 * Java 17. {@code -Dtidings.virtual-threads=false} turns them off (platform threads as on JDK 17).
 * Thread-safe.
 */
final class VirtualThreads {
  /** The system property that turns virtual threads off when set to {@code false}. */
  static final String PROPERTY = "tidings.virtual-threads";

  private static final MethodHandle NEW_PER_TASK_EXECUTOR;
  private static final ThreadFactory FACTORY;

  static {
    MethodHandle perTask = null;
    ThreadFactory factory = null;
    if (!"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        MethodHandle newBuilder =
            lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
        MethodHandle toFactory =
            lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
        factory = (ThreadFactory) toFactory.invoke(newBuilder.invoke());
        perTask =
            lookup.findStatic(
                java.util.concurrent.Executors.class,
                "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class));
      } catch (Throwable e) { // JDK 17-20: no virtual threads
        perTask = null;
        factory = null;
      }
    }
    NEW_PER_TASK_EXECUTOR = perTask;
    FACTORY = factory;
  }

  private VirtualThreads() {}

  /** True when virtual threads are used: JDK 21+ and not turned off with {@value #PROPERTY}. */
  static boolean available() {
    return FACTORY != null;
  }

  /** A factory of unstarted virtual threads, or null when {@link #available()} is false. */
  static ThreadFactory factory() {
    return FACTORY;
  }

  /** A new executor that starts a virtual thread per task, or null when not available. */
  static ExecutorService newPerTaskExecutor() {
    if (NEW_PER_TASK_EXECUTOR == null) {
      return null;
    }
    try {
      return (ExecutorService) NEW_PER_TASK_EXECUTOR.invoke();
    } catch (Throwable e) {
      throw new IllegalStateException("Executors.newVirtualThreadPerTaskExecutor() failed", e);
    }
  }
}
