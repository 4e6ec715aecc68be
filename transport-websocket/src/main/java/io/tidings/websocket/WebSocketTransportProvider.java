package io.tidings.websocket;

import io.tidings.FailureDecision;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import io.tidings.websocket.internal.WebSocketConnection;
import io.tidings.websocket.internal.WebSocketFailures;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSocket transport, named {@value #NAME}: one OkHttp WebSocket per connection. Text and
 * binary frames are handed to core as they arrive (core decodes them per {@code tidings.format});
 * it can {@link Capability#SEND send} text and binary messages.
 *
 * <p>Configuration it reads: its own {@link #options()} and {@code tidings.max-message-size}. Close
 * codes are reported as they arrive; core decides which end the subscription ({@link
 * #FATAL_CLOSE_CODES}). It reads one kind of failure itself ({@link #classify}): an upgrade refused
 * with 400, 403, 404, 405, 426 or 501, or a connection closed before {@code 101 Switching
 * Protocols}, means WebSocket is unavailable on this path.
 *
 * <p>Stateless and thread-safe; found with {@link java.util.ServiceLoader}.
 */
public final class WebSocketTransportProvider implements TransportProvider {
  /** The transport's name in {@code tidings.transport}. */
  public static final String NAME = "websocket";

  /** WebSocket ping interval: 15 s. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);

  /** WebSocket close codes that end the subscription: 1003 (unsupported data), 1008 (policy). */
  public static final Set<Integer> DEFAULT_FATAL_CLOSE_CODES = Set.of(1003, 1008);

  /** Bytes that may wait to be sent on a WebSocket before {@code send} fails: 1 MiB. */
  public static final long DEFAULT_SEND_BUFFER = 1024L * 1024;

  /**
   * {@code tidings.websocket.ping-interval}: OkHttp pings, and fails the socket when a pong does
   * not come back within the interval; zero for none. Default {@link #DEFAULT_PING_INTERVAL}.
   */
  public static final ConfigOption<Duration> PING_INTERVAL =
      ConfigOption.duration(
          "websocket.ping-interval",
          DEFAULT_PING_INTERVAL,
          "WebSocket ping interval; `0` for no pings.");

  /** {@code tidings.websocket.subprotocols}: offered on the upgrade; none by default. */
  public static final ConfigOption<List<String>> SUBPROTOCOLS =
      ConfigOption.list(
          "websocket.subprotocols",
          "Comma-separated subprotocols offered on the WebSocket upgrade"
              + " (`Sec-WebSocket-Protocol`).");

  /**
   * {@code tidings.websocket.resume-message}: sent when a socket opens, {@code ${lastEventId}}
   * replaced by the cursor (JSON-escaped); none (the default) sends the cursor as a query
   * parameter.
   */
  public static final ConfigOption<String> RESUME_MESSAGE =
      ConfigOption.text(
          "websocket.resume-message",
          null,
          "Message sent when a WebSocket opens, to resume; `${lastEventId}` in it is replaced by the"
              + " cursor and `${header:Name}` by that request header of the attempt (a"
              + " `CredentialsProvider`'s fresh token, say), JSON-escaped. Empty or absent: the"
              + " cursor goes in the `cursor-param` query parameter.");

  /** {@code tidings.websocket.fatal-close-codes}; default {@link #DEFAULT_FATAL_CLOSE_CODES}. */
  public static final ConfigOption<Set<Integer>> FATAL_CLOSE_CODES =
      ConfigOption.codes(
          "websocket.fatal-close-codes",
          DEFAULT_FATAL_CLOSE_CODES,
          1000,
          4999,
          "close codes",
          "Comma-separated WebSocket close codes that end the subscription instead of"
              + " reconnecting; empty for none.");

  /**
   * {@code tidings.websocket.send-buffer}: bytes that may wait to be sent before {@code send} fails
   * with {@link io.tidings.FailureKind#OVERFLOW}; default {@link #DEFAULT_SEND_BUFFER}.
   */
  public static final ConfigOption<Long> SEND_BUFFER =
      ConfigOption.size(
          "websocket.send-buffer",
          DEFAULT_SEND_BUFFER,
          "Bytes that may wait to be sent on a WebSocket before `send` fails (size).");

  private static final Set<Capability> CAPABILITIES = Set.of(Capability.SEND);

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
  public List<ConfigOption<?>> options() {
    return List.of(PING_INTERVAL, SUBPROTOCOLS, RESUME_MESSAGE, FATAL_CLOSE_CODES, SEND_BUFFER);
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
