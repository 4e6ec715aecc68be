package io.tidings.internal;

import io.tidings.FailureDecision;
import io.tidings.GaveUpException;
import io.tidings.HttpStatusException;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the failure that ended a lane's attempt into a {@link Plan}: the {@link
 * FailureClassifier}'s decision, then the {@link ReconnectPolicy}'s delay and budget, the next lane
 * for a fall-back, and the give-up reason. It carries nothing out; the {@link LaneCoordinator}
 * does. Not thread-safe: used under the coordinator's state lock, which also guards the lanes'
 * backoff fields it updates.
 */
final class FailurePlanner {
  private static final Logger log = LoggerFactory.getLogger(LaneCoordinator.class);

  private final SubscriptionConfig config;
  private final FailureClassifier classifier;
  private final List<Lane> lanes;
  private int unavailableRounds; // times in a row every lane was unavailable
  // Lanes whose fall-back was logged at INFO and that have not carried the subscription since.
  private final java.util.Set<Lane> saidUnavailable = new java.util.HashSet<>();

  FailurePlanner(SubscriptionConfig config, FailureClassifier classifier, List<Lane> lanes) {
    this.config = config;
    this.classifier = classifier;
    this.lanes = lanes;
  }

  /** A lane's connection opened (or a switch completed): the list is not wholly unavailable. */
  void laneWorked() {
    unavailableRounds = 0;
  }

  /** A probe or switch to {@code lane} proved itself: a later fall-back from it is news again. */
  void laneProved(Lane lane) {
    saidUnavailable.remove(lane);
  }

  /**
   * Whether the fall-back from {@code lane} that ended {@code attempt} is logged at INFO: the
   * first, and the first after the lane carried the subscription again (an attempt on it was heard
   * from, or a probe or switch to it proved itself). A lane that stays unavailable while the
   * subscription goes round the list, or a buffered stream that opens and stays silent every time,
   * is said once, never once per attempt; the rest go to DEBUG.
   */
  boolean isNewFallBack(Lane lane, Attempt attempt) {
    if (attempt.heardFrom()) {
      saidUnavailable.remove(lane);
    }
    return saidUnavailable.add(lane);
  }

  /**
   * What to do about a failure: reconnect after {@code delay}, or end (normally when {@code gaveUp}
   * is null, else with it).
   */
  record Plan(FailureDecision decision, Duration delay, GaveUpException gaveUp, Lane next) {
    static Plan reconnect(FailureDecision decision, Duration delay) {
      return new Plan(decision, delay, null, null);
    }

    static Plan end(FailureDecision decision, GaveUpException gaveUp) {
      return new Plan(decision, null, gaveUp, null);
    }

    static Plan fallBack(Lane next, Duration delay) {
      return new Plan(FailureDecision.FALL_BACK, delay, null, next);
    }
  }

  /**
   * Classifies the failure that ended {@code attempt} and plans what follows; changes only the
   * lanes' backoff state.
   *
   * @param now the scheduler's time
   */
  Plan plan(Lane lane, Attempt attempt, TidingsException reason, long now) {
    ReconnectPolicy policy = config.reconnectPolicy();
    if (attempt.heardFrom()) {
      saidUnavailable.remove(lane); // it carried the subscription: its next fall-back is news
    }
    if (attempt.openedAtNanos != 0) {
      if (now - attempt.openedAtNanos >= policy.resetAfter().toNanos()) {
        lane.failures = 0;
        lane.windowStartNanos = now;
      }
    }
    FailureClassifier.Verdict verdict = classifier.classify(reason, lane.provider);
    Duration elapsed = Duration.ofNanos(now - lane.windowStartNanos);
    if (verdict.decision() == FailureDecision.FALL_BACK) {
      if (lanes.size() > 1) {
        return planFallBack(lane, reason, elapsed);
      }
      verdict = classifier.withoutFallback(reason, lane.provider);
    }
    switch (verdict.decision()) {
      case END_NORMALLY:
        log.debug(
            "Subscription '{}': the server asked to stop ({})", config.name(), reason.getMessage());
        return Plan.end(FailureDecision.END_NORMALLY, null);
      case GIVE_UP:
        return Plan.end(
            FailureDecision.GIVE_UP,
            new GaveUpException(lane.failures + 1, elapsed, verdict.why(), reason));
      case REAUTHENTICATE:
        if (!lane.reauthenticated) {
          log.debug(
              "Subscription '{}': the server refused the credentials ({}); asking the credentials"
                  + " provider for fresh ones and reconnecting at once",
              config.name(),
              reason.getMessage());
          lane.refreshCredentials = true;
          return Plan.reconnect(FailureDecision.REAUTHENTICATE, Duration.ZERO);
        }
        return Plan.end(
            FailureDecision.GIVE_UP,
            new GaveUpException(
                lane.failures + 1,
                elapsed,
                "The credentials were refused twice in a row: " + reason.getMessage(),
                reason));
      default:
        break;
    }
    lane.failures++;
    Optional<Duration> delay =
        policy.nextDelay(
            lane.failures,
            elapsed,
            serverHint(lane, reason),
            ThreadLocalRandom.current().nextDouble());
    if (delay.isEmpty()) {
      String why =
          "Gave up after "
              + lane.failures
              + (lane.failures == 1 ? " failed attempt" : " failed attempts in a row")
              + " in "
              + elapsed.toMillis()
              + " ms ("
              + limitReached(policy, lane.failures)
              + "); last failure: "
              + reason.getMessage();
      return Plan.end(
          FailureDecision.GIVE_UP, new GaveUpException(lane.failures, elapsed, why, reason));
    }
    return Plan.reconnect(FailureDecision.RETRY, delay.get());
  }

  /**
   * Where a {@link FailureDecision#FALL_BACK} of {@code lane} leads: at once to the next lane, or,
   * when every lane was unavailable in turn, back to the first after a backoff delay (giving up
   * when the reconnect budget is spent).
   */
  private Plan planFallBack(Lane lane, TidingsException reason, Duration elapsed) {
    int i = lanes.indexOf(lane);
    if (i + 1 < lanes.size()) {
      return Plan.fallBack(lanes.get(i + 1), Duration.ZERO);
    }
    unavailableRounds++;
    Optional<Duration> delay =
        config
            .reconnectPolicy()
            .nextDelay(unavailableRounds, elapsed, null, ThreadLocalRandom.current().nextDouble());
    if (delay.isEmpty()) {
      return Plan.end(
          FailureDecision.GIVE_UP,
          new GaveUpException(
              unavailableRounds,
              elapsed,
              "Every transport of tidings.transport="
                  + String.join(",", config.transports())
                  + " is unavailable on this path (tidings.reconnect.max-attempts / max-elapsed);"
                  + " last: "
                  + reason.getMessage(),
              reason));
    }
    return Plan.fallBack(lanes.get(0), delay.get());
  }

  private static Duration serverHint(Lane lane, TidingsException reason) {
    if (reason instanceof HttpStatusException) {
      Optional<Duration> retryAfter = ((HttpStatusException) reason).retryAfter();
      if (retryAfter.isPresent()) {
        return retryAfter.get();
      }
    }
    return lane.retryHint;
  }

  /** Which limit {@code max-attempts} or {@code max-elapsed} a give-up reached, as configured. */
  private static String limitReached(ReconnectPolicy policy, int failures) {
    if (policy.maxAttempts() >= 0 && failures > policy.maxAttempts()) {
      return "tidings.reconnect.max-attempts="
          + policy.maxAttempts()
          + ": at most "
          + policy.maxAttempts()
          + (policy.maxAttempts() == 1 ? " retry" : " retries")
          + " after a failure";
    }
    return "tidings.reconnect.max-elapsed="
        + policy.maxElapsed().map(Durations::format).orElse("(none)");
  }
}
