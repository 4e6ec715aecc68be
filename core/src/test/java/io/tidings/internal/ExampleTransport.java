package io.tidings.internal;

import io.tidings.SubscriptionConfig;
import io.tidings.spi.Capability;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A third-party transport that declares keys of its own, for the loader's tests. Never connects.
 */
public final class ExampleTransport implements TransportProvider {
  /** {@code tidings.example.wait}. */
  public static final ConfigOption<Duration> WAIT =
      ConfigOption.positiveDuration("example.wait", Duration.ofSeconds(30), "How long to wait.");

  /** {@code tidings.example.jitter}. */
  public static final ConfigOption<Double> JITTER =
      ConfigOption.decimal("example.jitter", 0.1, 0, 1, "Random share of the wait.");

  /** {@code tidings.example.min-interval}, set with max-interval or not at all. */
  public static final ConfigOption<Duration> MIN =
      ConfigOption.positiveDuration("example.min-interval", null, "Lower bound.");

  /** {@code tidings.example.max-interval}. */
  public static final ConfigOption<Duration> MAX =
      ConfigOption.positiveDuration("example.max-interval", null, "Upper bound.");

  /** {@code tidings.example.message}, none by default. */
  public static final ConfigOption<String> MESSAGE =
      ConfigOption.text("example.message", null, "Sent on open.");

  /** {@code tidings.example.codes}. */
  public static final ConfigOption<Set<Integer>> CODES =
      ConfigOption.codes("example.codes", Set.of(1003), 1000, 4999, "close codes", "Codes.");

  /**
   * A registry holding this transport and stand-ins named like Tidings' four transports (no keys,
   * never connect), so that files naming them load.
   */
  public static final TransportRegistry REGISTRY =
      new TransportRegistry(
          List.of(
              new ExampleTransport(),
              new StandIn("shortpoll"),
              new StandIn("longpoll"),
              new StandIn("sse"),
              new StandIn("websocket")));

  /** A transport that only has a name. */
  record StandIn(String name) implements TransportProvider {
    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public Connection connect(
        TransportContext context, Cursor cursor, ConnectionListener listener) {
      throw new UnsupportedOperationException();
    }
  }

  @Override
  public String name() {
    return "example";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(WAIT, JITTER, MIN, MAX, MESSAGE, CODES);
  }

  @Override
  public void checkOptions(SubscriptionConfig config) {
    Duration min = config.option(MIN);
    Duration max = config.option(MAX);
    if ((min == null) != (max == null)) {
      throw new IllegalArgumentException("set both or neither");
    }
    if (min != null && max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max (" + max + ") is less than min (" + min + ")");
    }
  }

  @Override
  public Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener) {
    throw new UnsupportedOperationException();
  }
}
