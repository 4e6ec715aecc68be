package io.tidings.longpoll.internal;

import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.HttpPoller;
import io.tidings.spi.TransportContext;
import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * One long-poll connection: the wait goes in the query ({@code tidings.longpoll.wait-param}, in
 * seconds) and the next poll follows each answer at once. A server that does not answer within the
 * read timeout (wait plus a margin) ends the connection as a timeout.
 */
public final class LongPoller extends HttpPoller {
  private final String waitSeconds;

  /** A poller whose client reads for at most {@code readTimeout}. */
  public LongPoller(
      TransportContext context, Cursor cursor, ConnectionListener listener, Duration readTimeout) {
    super(
        context,
        cursor,
        listener,
        context.httpClient().newBuilder().readTimeout(readTimeout).build());
    this.waitSeconds = Long.toString(Math.max(1, context.config().longPollWait().toSeconds()));
  }

  @Override
  protected HttpUrl.Builder decorate(HttpUrl.Builder url) {
    return url.setQueryParameter(context().config().longPollWaitParam(), waitSeconds);
  }

  @Override
  protected Duration pauseAfter(Outcome outcome) {
    return Duration.ZERO;
  }
}
