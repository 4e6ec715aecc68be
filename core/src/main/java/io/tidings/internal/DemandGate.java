package io.tidings.internal;

/**
 * Implemented by a listener that takes messages only on demand ({@code Flow} {@code request(n)}):
 * the engine asks before each {@code onMessage}, and on a refusal holds the message, lets go of the
 * delivery thread and waits to be woken. So a subscriber without demand holds no pool thread, and
 * the delivery queue fills and pauses the network (back-pressure).
 */
interface DemandGate {
  /**
   * Called by the engine once, before any delivery.
   *
   * @param wake to run (from any thread) when demand arrives after {@link #tryAcquire()} refused
   */
  void onWake(Runnable wake);

  /**
   * Called on the delivery thread before each {@code onMessage}.
   *
   * @return true to deliver the message now (one unit of demand is used, or the listener will drop
   *     it); false to hold it until woken
   */
  boolean tryAcquire();
}
