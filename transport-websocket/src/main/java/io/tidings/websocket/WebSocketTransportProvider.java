package io.tidings.websocket;

import io.tidings.FailureDecision;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import io.tidings.websocket.internal.WebSocketConnection;
import io.tidings.websocket.internal.WebSocketFailures;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSocket transport, named {@value #NAME}: one OkHttp WebSocket per connection. Text and
 * binary frames are handed to core as they arrive (core decodes them per {@code tidings.format});
 * it can {@link Capability#SEND send} text and binary messages.
 *
 * <p>Configuration it reads: {@code tidings.websocket.ping-interval} (OkHttp pings, and fails the
 * socket when a pong does not come back within the interval), {@code
 * tidings.websocket.subprotocols}, {@code tidings.websocket.resume-message} (else the cursor goes
 * in the {@code tidings.cursor-param} query parameter), {@code tidings.websocket.send-buffer} and
 * {@code tidings.max-message-size}. Close codes are reported as they arrive; core decides which end
 * the subscription ({@code tidings.websocket.fatal-close-codes}). It reads one kind of failure
 * itself ({@link #classify}): an upgrade refused with 400, 403, 404, 405, 426 or 501, or a
 * connection closed before {@code 101 Switching Protocols}, means WebSocket is unavailable on this
 * path.
 *
 * <p>Stateless and thread-safe; found with {@link java.util.ServiceLoader}.
 */
public final class WebSocketTransportProvider implements TransportProvider {
  /** The transport's name in {@code tidings.transport}. */
  public static final String NAME = "websocket";

  private static final Set<Capability> CAPABILITIES =
      Set.copyOf(EnumSet.of(Capability.SEND, Capability.BINARY));

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public WebSocketTransportProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(listener, "listener");
    return WebSocketConnection.open(context, cursor, listener);
  }

  /**
   * {@link FailureDecision#FALL_BACK} for an upgrade refused with 400, 403, 404, 405, 426 or 501,
   * or a connection closed before {@code 101}; empty (core decides) for anything else.
   */
  @Override
  public Optional<FailureDecision> classify(TidingsException failure, SubscriptionConfig config) {
    return WebSocketFailures.isUnavailable(failure)
        ? Optional.of(FailureDecision.FALL_BACK)
        : Optional.empty();
  }
}
