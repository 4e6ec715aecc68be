package io.tidings.internal;

import io.tidings.FailureKind;
import io.tidings.TidingsException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's connection trouble, for the log. The first failure of a run is logged at WARN,
 * the rest of the run at DEBUG, and the connection that ends it at INFO: a server that is down is
 * seen at once, a flapping one does not flood the log, and INFO stays quiet otherwise. A connection
 * that opened and was then closed or cut is routine (the subscription resumes at once; should that
 * fail, the failure starts a run), as are a credentials refresh and a fallback. Guarded by the
 * coordinator's lock.
 */
final class Outage {
  private static final Logger log = LoggerFactory.getLogger(Outage.class);

  private int failures; // in the current run; 0 when there is none
  private long startNanos;

  /**
   * A failure the subscription will retry after {@code delay}.
   *
   * @param wasOpen whether the failed connection had opened
   * @param routine true for a failure that starts no run (a credentials refresh)
   * @return true when it was logged here; the caller then logs nothing more about it
   */
  boolean failed(
      String subscription,
      String transport,
      boolean wasOpen,
      boolean routine,
      TidingsException reason,
      Duration delay,
      long nowNanos) {
    boolean cut =
        reason.kind() == FailureKind.CLOSED_BY_SERVER || reason.kind() == FailureKind.NETWORK;
    if (failures == 0 && (routine || (wasOpen && cut))) {
      return false;
    }
    if (++failures > 1) {
      return false;
    }
    startNanos = nowNanos;
    log.warn(
        "Subscription '{}': {} over {}: {}; retrying in {} ms, then with backoff (until it connects"
            + " again, further failures are logged at DEBUG)",
        subscription,
        wasOpen ? "the connection failed" : "cannot connect",
        transport,
        reason.getMessage(),
        delay.toMillis());
    return true;
  }

  /** A connection opened: ends the run, if there was one, with one INFO line. */
  void recovered(String subscription, String transport, long nowNanos) {
    if (failures == 0) {
      return;
    }
    log.info(
        "Subscription '{}': connected over {} again, after {} failed {} in {} ms",
        subscription,
        transport,
        failures,
        failures == 1 ? "attempt" : "attempts",
        Duration.ofNanos(nowNanos - startNanos).toMillis());
    failures = 0;
  }
}
