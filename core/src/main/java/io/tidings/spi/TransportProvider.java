package io.tidings.spi;

import io.tidings.FailureDecision;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A transport, found with {@link java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/io.tidings.spi.TransportProvider}. Implementations must be thread-safe and
 * stateless across connections; they need a public no-argument constructor.
 */
public interface TransportProvider {
  /** The name used in {@code tidings.transport}: lower case, such as {@code sse}. */
  String name();

  /** What this transport can do. */
  Set<Capability> capabilities();

  /**
   * Opens one connection. Returns at once: the connection reports through {@code listener} from
   * other threads. Must not throw for network failures (report them with {@link
   * ConnectionListener#onClosed}).
   *
   * @param context what core provides, not null
   * @param cursor where to resume, not null
   * @param listener where to report, not null
   */
  Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener);

  /**
   * The longest a healthy connection of this transport may stay silent with this configuration (a
   * long poll's wait plus a margin). Core uses the larger of this and {@code
   * tidings.stall-timeout}. Default zero.
   */
  default Duration quietPeriod(SubscriptionConfig config) {
    return Duration.ZERO;
  }

  /**
   * This transport's reading of a failure it reported through {@link ConnectionListener#onClosed}:
   * what only the transport can tell, such as "this status answered a WebSocket upgrade, so the
   * transport is unavailable here" ({@link FailureDecision#FALL_BACK}). Core's classifier starts
   * from it and may override it (a 401 always asks for fresh credentials or gives up; with no other
   * transport to fall back to, a fall-back is retried or, for a fatal status, gives up). Must be
   * quick and side-effect free; called on any thread. Default: empty, core decides alone.
   *
   * @param failure what the connection reported, not null
   * @param config the subscription's configuration
   */
  default Optional<FailureDecision> classify(TidingsException failure, SubscriptionConfig config) {
    return Optional.empty();
  }

  /**
   * The configuration keys of this transport, conventionally named {@code tidings.NAME.*}; core
   * loads them like its own. Default none.
   */
  default List<ConfigOption<?>> options() {
    return List.of();
  }

  /**
   * Checks options that only make sense together, when a configuration is loaded and when a
   * subscription starts. Default: nothing to check.
   *
   * @throws IllegalArgumentException saying which keys disagree and why
   */
  default void checkOptions(SubscriptionConfig config) {}
}
