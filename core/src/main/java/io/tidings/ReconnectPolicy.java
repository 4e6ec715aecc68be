package io.tidings;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how often a subscription reconnects. Immutable and thread-safe; build one with {@link
 * #exponentialBackoff()}, or use {@link #fixedDelay(Duration)} or {@link #never()}.
 *
 * <p>The delay before attempt {@code n} (1-based, counting consecutive failures) is {@code base(n)
 * = min(maxDelay, initialDelay × multiplier^(n−1))}, reduced by a random share of up to {@code
 * jitter}: {@code base(n) × (1 − jitter × r)} with {@code r} uniform in [0, 1). A server hint (SSE
 * {@code retry:}, {@code Retry-After} on 429/503) raises the delay to the hint, capped at {@link
 * #maxServerDelay()}. The failure count resets only after a connection stayed open for {@link
 * #resetAfter()}, so a server that accepts and drops at once still backs off.
 *
 * <p>A failure with a status in {@link #fatalStatuses()} ends the subscription at once.
 */
public final class ReconnectPolicy {
  /** Delay before the first reconnect: 500 ms. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(500);

  /** Longest delay between attempts: 30 s. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

  /** Growth factor of the delay: 2. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** Share of the delay taken off at random: 0.5. */
  public static final double DEFAULT_JITTER = 0.5;

  /** Attempts before giving up: -1, forever. */
  public static final int DEFAULT_MAX_ATTEMPTS = -1;

  /** Time without a stable connection before giving up: null, forever. */
  public static final Duration DEFAULT_MAX_ELAPSED = null;

  /** How long a connection must stay open before the failure count resets: 60 s. */
  public static final Duration DEFAULT_RESET_AFTER = Duration.ofSeconds(60);

  /** Cap on a delay the server asks for: 5 min. */
  public static final Duration DEFAULT_MAX_SERVER_DELAY = Duration.ofMinutes(5);

  /** HTTP statuses that end the subscription: 401, 403, 404, 410. */
  public static final Set<Integer> DEFAULT_FATAL_STATUSES =
      Collections.unmodifiableSet(new TreeSet<>(Set.of(401, 403, 404, 410)));

  private static final ReconnectPolicy NEVER = exponentialBackoff().maxAttempts(0).build();

  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final int maxAttempts;
  private final Duration maxElapsed;
  private final Duration resetAfter;
  private final Duration maxServerDelay;
  private final Set<Integer> fatalStatuses;

  private ReconnectPolicy(Builder b) {
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.maxAttempts = b.maxAttempts;
    this.maxElapsed = b.maxElapsed;
    this.resetAfter = b.resetAfter;
    this.maxServerDelay = b.maxServerDelay;
    this.fatalStatuses = Collections.unmodifiableSet(new TreeSet<>(b.fatalStatuses));
  }

  /** A builder preset to exponential backoff with jitter and the {@code DEFAULT_*} values. */
  public static Builder exponentialBackoff() {
    return new Builder();
  }

  /** Exponential backoff with every {@code DEFAULT_*} value. */
  public static ReconnectPolicy defaults() {
    return exponentialBackoff().build();
  }

  /** The same delay before every attempt, without jitter, forever. */
  public static ReconnectPolicy fixedDelay(Duration delay) {
    return exponentialBackoff().initialDelay(delay).maxDelay(delay).multiplier(1).jitter(0).build();
  }

  /** Never reconnect: the first failure ends the subscription. */
  public static ReconnectPolicy never() {
    return NEVER;
  }

  /** A builder holding this policy's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.initialDelay = initialDelay;
    b.maxDelay = maxDelay;
    b.multiplier = multiplier;
    b.jitter = jitter;
    b.maxAttempts = maxAttempts;
    b.maxElapsed = maxElapsed;
    b.resetAfter = resetAfter;
    b.maxServerDelay = maxServerDelay;
    b.fatalStatuses = new TreeSet<>(fatalStatuses);
    return b;
  }

  /**
   * The delay before attempt {@code attempt}, before jitter: {@code min(maxDelay, initialDelay ×
   * multiplier^(attempt−1))}.
   *
   * @param attempt consecutive failures so far, at least 1
   */
  public Duration baseDelay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 1.0);
    long capped = (long) Math.min(millis, (double) maxDelay.toMillis());
    return Duration.ofMillis(capped);
  }

  /**
   * The delay before attempt {@code attempt}, or empty when the policy gives up.
   *
   * @param attempt consecutive failures so far, at least 1
   * @param elapsed time since the last stable connection (or the start)
   * @param serverHint a delay the server asked for, or null
   * @param random a value in [0, 1) that picks the jitter
   */
  public Optional<Duration> nextDelay(
      int attempt, Duration elapsed, Duration serverHint, double random) {
    if (maxAttempts >= 0 && attempt > maxAttempts) {
      return Optional.empty();
    }
    Duration base = baseDelay(attempt);
    long millis = Math.round(base.toMillis() * (1.0 - jitter * random));
    Duration delay = Duration.ofMillis(millis);
    if (serverHint != null && !serverHint.isNegative()) {
      Duration hint = serverHint.compareTo(maxServerDelay) > 0 ? maxServerDelay : serverHint;
      if (hint.compareTo(delay) > 0) {
        delay = hint;
      }
    }
    if (maxElapsed != null && elapsed.plus(delay).compareTo(maxElapsed) > 0) {
      return Optional.empty();
    }
    return Optional.of(delay);
  }

  /** True when a failure with this HTTP status ends the subscription. */
  public boolean isFatalStatus(int statusCode) {
    return fatalStatuses.contains(statusCode);
  }

  /** See {@link Builder#initialDelay}. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** See {@link Builder#maxDelay}. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** See {@link Builder#multiplier}. */
  public double multiplier() {
    return multiplier;
  }

  /** See {@link Builder#jitter}. */
  public double jitter() {
    return jitter;
  }

  /** See {@link Builder#maxAttempts}; -1 means forever. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** See {@link Builder#maxElapsed}; empty means forever. */
  public Optional<Duration> maxElapsed() {
    return Optional.ofNullable(maxElapsed);
  }

  /** See {@link Builder#resetAfter}. */
  public Duration resetAfter() {
    return resetAfter;
  }

  /** See {@link Builder#maxServerDelay}. */
  public Duration maxServerDelay() {
    return maxServerDelay;
  }

  /** See {@link Builder#fatalStatuses}. Unmodifiable. */
  public Set<Integer> fatalStatuses() {
    return fatalStatuses;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ReconnectPolicy)) {
      return false;
    }
    ReconnectPolicy p = (ReconnectPolicy) o;
    return Double.compare(multiplier, p.multiplier) == 0
        && Double.compare(jitter, p.jitter) == 0
        && maxAttempts == p.maxAttempts
        && initialDelay.equals(p.initialDelay)
        && maxDelay.equals(p.maxDelay)
        && Objects.equals(maxElapsed, p.maxElapsed)
        && resetAfter.equals(p.resetAfter)
        && maxServerDelay.equals(p.maxServerDelay)
        && fatalStatuses.equals(p.fatalStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        initialDelay,
        maxDelay,
        multiplier,
        jitter,
        maxAttempts,
        maxElapsed,
        resetAfter,
        maxServerDelay,
        fatalStatuses);
  }

  @Override
  public String toString() {
    return "ReconnectPolicy{initialDelay="
        + initialDelay
        + ", maxDelay="
        + maxDelay
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + ", maxAttempts="
        + maxAttempts
        + ", maxElapsed="
        + (maxElapsed == null ? "forever" : maxElapsed)
        + ", resetAfter="
        + resetAfter
        + ", maxServerDelay="
        + maxServerDelay
        + ", fatalStatuses="
        + fatalStatuses
        + '}';
  }

  /** Builds a {@link ReconnectPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double multiplier = DEFAULT_MULTIPLIER;
    private double jitter = DEFAULT_JITTER;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration maxElapsed = DEFAULT_MAX_ELAPSED;
    private Duration resetAfter = DEFAULT_RESET_AFTER;
    private Duration maxServerDelay = DEFAULT_MAX_SERVER_DELAY;
    private Set<Integer> fatalStatuses = new TreeSet<>(DEFAULT_FATAL_STATUSES);

    private Builder() {}

    /** Delay before the first reconnect; default {@link #DEFAULT_INITIAL_DELAY}. */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = nonNegative(initialDelay, "initialDelay");
      return this;
    }

    /** Longest delay; default {@link #DEFAULT_MAX_DELAY}. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = nonNegative(maxDelay, "maxDelay");
      return this;
    }

    /** Growth factor, at least 1; default {@link #DEFAULT_MULTIPLIER}. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** Random share taken off each delay, in [0, 1]; default {@link #DEFAULT_JITTER}. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * How many times to reconnect after consecutive failures before giving up ({@code
     * tidings.reconnect.max-attempts}): with 3, the 4th failure in a row ends the subscription; 0
     * never reconnects (the first failure ends it); -1 reconnects forever; default {@link
     * #DEFAULT_MAX_ATTEMPTS}.
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < -1) {
        throw new IllegalArgumentException("maxAttempts must be -1 or more, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Time without a stable connection before giving up, or null for forever; default {@link
     * #DEFAULT_MAX_ELAPSED}.
     */
    public Builder maxElapsed(Duration maxElapsed) {
      this.maxElapsed = maxElapsed == null ? null : nonNegative(maxElapsed, "maxElapsed");
      return this;
    }

    /**
     * How long a connection must stay open before the failure count resets; default {@link
     * #DEFAULT_RESET_AFTER}.
     */
    public Builder resetAfter(Duration resetAfter) {
      this.resetAfter = nonNegative(resetAfter, "resetAfter");
      return this;
    }

    /** Cap on a delay the server asks for; default {@link #DEFAULT_MAX_SERVER_DELAY}. */
    public Builder maxServerDelay(Duration maxServerDelay) {
      this.maxServerDelay = nonNegative(maxServerDelay, "maxServerDelay");
      return this;
    }

    /**
     * HTTP statuses that end the subscription instead of reconnecting; default {@link
     * #DEFAULT_FATAL_STATUSES}. Pass an empty set to retry every status.
     */
    public Builder fatalStatuses(Set<Integer> fatalStatuses) {
      this.fatalStatuses = new TreeSet<>(Objects.requireNonNull(fatalStatuses, "fatalStatuses"));
      return this;
    }

    /** Builds the policy. */
    public ReconnectPolicy build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay (" + maxDelay + ") is less than initialDelay (" + initialDelay + ")");
      }
      return new ReconnectPolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
