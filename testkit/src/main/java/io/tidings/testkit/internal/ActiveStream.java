package io.tidings.testkit.internal;

/** An open stream or held poll that a fault can act on. Thread-safe. */
interface ActiveStream {
  /** Cuts it now. */
  void drop();

  /** Stops sending anything on it, for good. */
  void stall();

  /** Ends it because the server stops. */
  void shutdown();

  /** Checks the fault switches now (a drop limit just set may already be reached). */
  default void wake() {}
}
