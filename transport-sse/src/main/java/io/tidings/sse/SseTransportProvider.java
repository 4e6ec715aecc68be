package io.tidings.sse;

import io.tidings.SubscriptionConfig;
import io.tidings.spi.Capability;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import io.tidings.sse.internal.SseConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code sse} transport: one HTTP request per connection whose response is a {@code
 * text/event-stream}, parsed as the HTML specification says. Resumes with {@code Last-Event-ID};
 * reports {@code retry:} as a reconnect hint and comments as heartbeats. Over HTTP/2 many
 * subscriptions share one TCP connection.
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class SseTransportProvider implements TransportProvider {
  /** The transport's name in {@code tidings.transport}. */
  public static final String NAME = "sse";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public SseTransportProvider() {}

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /** None: receive-only. */
  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  /**
   * Starts one event stream on {@link TransportContext#executor()} and returns at once.
   *
   * @param context what core provides, not null
   * @param cursor where to resume ({@code Last-Event-ID}), not null
   * @param listener where to report, not null
   */
  @Override
  public Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener) {
    return SseConnection.open(
        Objects.requireNonNull(context, "context"),
        Objects.requireNonNull(cursor, "cursor"),
        Objects.requireNonNull(listener, "listener"));
  }

  /** Zero: a healthy event stream sends heartbeats (comments) within the stall timeout. */
  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    return Duration.ZERO;
  }
}
