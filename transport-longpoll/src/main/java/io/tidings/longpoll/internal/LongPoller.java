package io.tidings.longpoll.internal;

import io.tidings.longpoll.LongPollTransportProvider;
import io.tidings.polling.internal.HttpPoller;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * One long-poll connection: the wait goes in the query ({@code tidings.longpoll.wait-param}, in
 * seconds). The connection's first poll asks for {@code wait=0}, an answer at once, so that the
 * subscription is OPEN as soon as the server answers it (docs/PROTOCOL.md), then the held polls
 * follow. The next poll follows at once after an answer that carried messages, or after an empty
 * one that the server held for at least {@link LongPollTransportProvider#HELD_SHARE} of the wait.
 * An empty answer that came back sooner means the server (or a proxy) does not hold polls, and is
 * followed by a pause of {@code tidings.longpoll.min-interval}: no request storm against a plain
 * REST endpoint. A server that does not answer within the read timeout (wait plus a margin) ends
 * the connection as a timeout.
 */
public final class LongPoller extends HttpPoller {
  /** The wait of a connection's first poll, which asks the server to answer at once. */
  static final String PROBE_WAIT = "0";

  private final String waitSeconds;
  private boolean probed; // poll thread only, like decorate and pauseAfter
  private boolean probing;
  private final Duration heldLongEnough;
  private final Duration minInterval;

  /** A poller whose client reads for at most {@code readTimeout}. */
  public LongPoller(
      TransportContext context, Cursor cursor, ConnectionListener listener, Duration readTimeout) {
    super(context, cursor, listener, readTimeout);
    long seconds = Math.max(1, context.config().option(LongPollTransportProvider.WAIT).toSeconds());
    this.waitSeconds = Long.toString(seconds);
    this.heldLongEnough = heldLongEnough(Duration.ofSeconds(seconds));
    this.minInterval = context.config().option(LongPollTransportProvider.MIN_INTERVAL);
  }

  /** How long an empty answer must have been held to be followed by the next poll at once. */
  static Duration heldLongEnough(Duration wait) {
    return Duration.ofNanos((long) (wait.toNanos() * LongPollTransportProvider.HELD_SHARE));
  }

  @Override
  protected HttpUrl.Builder decorate(HttpUrl.Builder url) {
    // The first poll of a connection asks for an answer at once (wait=0): OPEN then means the
    // server answered a poll, within a round trip, instead of whenever the first message comes.
    probing = !probed;
    probed = true;
    return url.setQueryParameter(
        context().config().option(LongPollTransportProvider.WAIT_PARAM),
        probing ? PROBE_WAIT : waitSeconds);
  }

  @Override
  protected Duration pauseAfter(Outcome outcome, Duration elapsed) {
    if (probing) {
      return Duration.ZERO; // the probe was not meant to be held: the held polls start now
    }
    if (outcome != Outcome.EMPTY || elapsed.compareTo(heldLongEnough) >= 0) {
      return Duration.ZERO;
    }
    return minInterval;
  }
}
