package io.tidings.internal;

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-memory transport the test scripts: each connect() hands out a {@link FakeConnection}. */
final class FakeTransport implements TransportProvider {
  private final String name;
  private final Set<Capability> capabilities;
  private final BlockingQueue<FakeConnection> connections = new LinkedBlockingQueue<>();
  volatile TransportContext lastContext;
  volatile List<ConfigOption<?>> options = List.of();
  volatile Duration quietPeriod = Duration.ZERO;

  /** What {@link #classify} answers; empty (core's rules) by default. */
  volatile java.util.function.Function<TidingsException, Optional<FailureDecision>> classifier =
      f -> Optional.empty();

  FakeTransport(String name, Set<Capability> capabilities) {
    this.name = name;
    this.capabilities = capabilities;
  }

  FakeTransport() {
    this("fake", Set.of(Capability.SEND));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public List<ConfigOption<?>> options() {
    return options;
  }

  @Override
  public Optional<FailureDecision> classify(TidingsException failure, SubscriptionConfig config) {
    return classifier.apply(failure);
  }

  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    return quietPeriod;
  }

  @Override
  public Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener) {
    lastContext = context;
    FakeConnection c = new FakeConnection(cursor, listener);
    connections.add(c);
    return c;
  }

  /** The next connection the engine opened; fails after {@code timeout}. */
  FakeConnection nextConnection(Duration timeout) throws InterruptedException {
    FakeConnection c = connections.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("The engine opened no connection within " + timeout);
    }
    return c;
  }

  /** A connection opened and not yet taken, or null. */
  FakeConnection pollConnection() {
    return connections.poll();
  }

  TransportRegistry registry() {
    return new TransportRegistry(java.util.List.of(this));
  }
}
