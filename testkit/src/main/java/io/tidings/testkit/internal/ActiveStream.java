package io.tidings.testkit.internal;

/** An open stream or held poll that a fault can act on. Thread-safe. */
interface ActiveStream {
  /** Cuts it now. */
  void drop();

  /** Stops sending anything on it, for good. */
  void stall();

  /** Ends it because the server stops. */
  void shutdown();
}
