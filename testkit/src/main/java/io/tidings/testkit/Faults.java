package io.tidings.testkit;

import io.tidings.testkit.internal.FaultState;
import io.tidings.testkit.internal.Feed;
import io.tidings.testkit.internal.Hub;
import io.tidings.testkit.internal.MalformedItem;
import io.tidings.testkit.internal.TransportKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@link ReferenceServer}'s fault switches. Thread-safe: set and clear them at any time from
 * any thread; each returns this object for chaining. A "connection" below is an SSE response, a
 * WebSocket session or one poll request.
 *
 * <pre>{@code
 * server.faults().dropAfter(3);                       // every stream is cut after 3 messages
 * server.faults().respond(503, 1, Duration.ofSeconds(1)); // next request: 503, Retry-After: 1
 * server.faults().clear();
 * }</pre>
 */
public final class Faults {
  /** The status {@link #redirect(int)} uses unless told otherwise. */
  public static final int DEFAULT_REDIRECT_STATUS = 307;

  /** The data size {@link #injectMalformed(Malformed)} uses for {@link Malformed#OVERSIZED}. */
  public static final int DEFAULT_OVERSIZED_BYTES = 64 * 1024;

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final Hub hub;
  private final FaultState state;
  private final Feed feed;

  Faults(Hub hub) {
    this.hub = hub;
    this.state = hub.faults();
    this.feed = hub.feed();
  }

  /**
   * Every stream is cut right after its {@code messages}-th message from now on, until {@link
   * #clear()}: streams already open count from this call (so {@code dropAfter(0)} cuts them at
   * once), new ones from their start. Polls: after {@code messages} messages were served over
   * polls, the next poll is cut before it is answered. {@link #dropActive()} cuts what is open
   * once.
   */
  public Faults dropAfter(int messages) {
    state.dropAfter(requireNonNegative(messages, "messages"));
    hub.wakeActive();
    return this;
  }

  /** Like {@link #dropAfter(int)}, for the next connection only. */
  public Faults dropOnceAfter(int messages) {
    state.dropOnceAfter(requireNonNegative(messages, "messages"));
    return this;
  }

  /**
   * After each message sent on a stream (and before each poll), cut the connection with {@code
   * probability}, drawing from a generator seeded with {@code seed} (reproducible for a given order
   * of events). Until {@link #clear()}.
   */
  public Faults dropRandomly(long seed, double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], was " + probability);
    }
    state.dropRandomly(seed, probability);
    return this;
  }

  /**
   * From now on every request (each poll, the SSE request, the WebSocket upgrade) must carry {@code
   * Authorization: Bearer <token>}, else it is answered 401 with {@code WWW-Authenticate: Bearer};
   * null serves everyone again. Open streams are not affected.
   */
  public Faults requireToken(String token) {
    state.requireToken(token);
    return this;
  }

  /**
   * The token expires and {@code next} takes its place: only {@code next} is accepted from now on,
   * and every open stream and held poll is cut, so each client must connect again with it.
   */
  public Faults rotateToken(String next) {
    state.requireToken(Objects.requireNonNull(next, "next"));
    hub.dropActive();
    return this;
  }

  /**
   * The next request that carries a cursor (a {@code Last-Event-ID}, a cursor query parameter, an
   * {@code If-None-Match} version, a WebSocket resume message) is served from {@code messages}
   * messages before it, as a server that ignores or rounds down the resume point would: the client
   * gets again messages it already has. Once; polls after it are served from their own cursor.
   */
  public Faults rewindNextCursor(int messages) {
    state.rewindNextCursor(requireNonNegative(messages, "messages"));
    return this;
  }

  /** Cuts every open stream and held poll now. */
  public Faults dropActive() {
    hub.dropActive();
    return this;
  }

  /**
   * The next {@code connections} connections stall: a poll or SSE request is held without any
   * answer (not even headers); a WebSocket is upgraded, then sends nothing: no message, no ping, no
   * pong to the client's pings.
   */
  public Faults stallNext(int connections) {
    state.stallNext(requireNonNegative(connections, "connections"));
    return this;
  }

  /** Every new connection stalls (see {@link #stallNext(int)}) until {@link #clear()}. */
  public Faults stallAll() {
    state.stallAll();
    return this;
  }

  /**
   * Every open stream and held poll goes silent now, for good: no messages, no heartbeats, no
   * WebSocket pongs; the connection stays open. New connections are not affected.
   */
  public Faults stallActive() {
    hub.stallActive();
    return this;
  }

  /** The next {@code times} requests are answered with {@code status} (any transport). */
  public Faults respond(int status, int times) {
    return respond(status, times, (String) null);
  }

  /**
   * The next {@code times} requests are answered with {@code status} and {@code Retry-After:
   * <seconds>} (rounded up). Use {@link Integer#MAX_VALUE} times for "until cleared".
   */
  public Faults respond(int status, int times, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return respond(status, times, Long.toString(seconds));
  }

  /**
   * The next {@code times} requests are answered with {@code status} and {@code Retry-After} as an
   * HTTP date.
   */
  public Faults respond(int status, int times, Instant retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    return respond(status, times, HTTP_DATE.format(retryAfter));
  }

  private Faults respond(int status, int times, String retryAfter) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200..599, was " + status);
    }
    state.respond(
        requireNonNegative(times, "times"), new FaultState.StatusFault(status, retryAfter));
    return this;
  }

  /** The next {@code times} requests are redirected with {@value #DEFAULT_REDIRECT_STATUS}. */
  public Faults redirect(int times) {
    return redirect(DEFAULT_REDIRECT_STATUS, times);
  }

  /**
   * The next {@code times} requests to the feed path are redirected with {@code status} (301, 302,
   * 307, 308) to {@link ReferenceServer#movedUrl()}, which serves the same feed, query kept.
   */
  public Faults redirect(int status, int times) {
    if (status < 300 || status > 399) {
      throw new IllegalArgumentException("a redirect status is 3xx, was " + status);
    }
    state.redirect(requireNonNegative(times, "times"), status);
    return this;
  }

  /**
   * Sends one malformed item just before the next message published (to every reader that reads
   * past it). It has no id and consumes no sequence number. {@link Malformed#OVERSIZED} has {@value
   * #DEFAULT_OVERSIZED_BYTES} bytes of data.
   */
  public Faults injectMalformed(Malformed kind) {
    feed.injectBeforeNext(new MalformedItem(kind, DEFAULT_OVERSIZED_BYTES));
    return this;
  }

  /**
   * Sends an {@link Malformed#OVERSIZED} item of about {@code bytes} bytes before the next message.
   */
  public Faults injectOversized(int bytes) {
    feed.injectBeforeNext(new MalformedItem(Malformed.OVERSIZED, requirePositive(bytes)));
    return this;
  }

  /**
   * Sends a malformed item after every {@code messages} messages (before messages {@code
   * messages+1}, {@code 2*messages+1}, …), until {@link #clear()}.
   */
  public Faults injectMalformedEvery(int messages, Malformed kind) {
    feed.injectEvery(requirePositive(messages), new MalformedItem(kind, DEFAULT_OVERSIZED_BYTES));
    return this;
  }

  /**
   * Makes {@code transport} unavailable on this server, {@code how}, until {@link #makeAvailable}
   * or {@link #clear()}; other transports are served as usual. Connections already open are not
   * affected.
   *
   * @param transport {@code websocket} (with {@link Unavailable#REFUSE_UPGRADE} or {@link
   *     Unavailable#CLOSE_BEFORE_UPGRADE}), {@code sse} (with {@link
   *     Unavailable#WRONG_CONTENT_TYPE} or {@link Unavailable#BUFFERED}), {@code shortpoll} or
   *     {@code longpoll} (with {@link Unavailable#ERROR_PAGE})
   * @throws IllegalArgumentException for another transport, or a way that does not fit it
   */
  public Faults makeUnavailable(String transport, Unavailable how) {
    TransportKind kind = TransportKind.of(transport);
    boolean fits =
        (kind == TransportKind.WEBSOCKET
                && (how == Unavailable.REFUSE_UPGRADE || how == Unavailable.CLOSE_BEFORE_UPGRADE))
            || (kind == TransportKind.SSE
                && (how == Unavailable.WRONG_CONTENT_TYPE || how == Unavailable.BUFFERED))
            || ((kind == TransportKind.SHORTPOLL || kind == TransportKind.LONGPOLL)
                && how == Unavailable.ERROR_PAGE);
    if (!fits) {
      throw new IllegalArgumentException(
          "makeUnavailable takes websocket with REFUSE_UPGRADE or CLOSE_BEFORE_UPGRADE, sse with WRONG_CONTENT_TYPE or"
              + " BUFFERED, or shortpoll or longpoll with ERROR_PAGE; was "
              + transport
              + " with "
              + how);
    }
    state.unavailable(kind, how);
    return this;
  }

  /** Serves {@code transport} again after {@link #makeUnavailable}. */
  public Faults makeAvailable(String transport) {
    TransportKind kind = TransportKind.of(transport);
    if (kind == null) {
      throw new IllegalArgumentException("Unknown transport: " + transport);
    }
    state.unavailable(kind, null);
    return this;
  }

  /**
   * Turns every switch off. Connections already stalled stay stalled; pending malformed items are
   * forgotten.
   */
  public Faults clear() {
    state.clear();
    feed.clearInjections();
    return this;
  }

  private static int requireNonNegative(int n, String what) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " must not be negative, was " + n);
    }
    return n;
  }

  private static int requirePositive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("must be at least 1, was " + n);
    }
    return n;
  }
}
