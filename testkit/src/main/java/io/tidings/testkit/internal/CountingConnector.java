package io.tidings.testkit.internal;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A server connector that counts the TCP connections it accepts and knows which are open. */
public final class CountingConnector extends ServerConnector {
  private final AtomicLong accepted = new AtomicLong();
  private final Set<SocketChannelEndPoint> endPoints = ConcurrentHashMap.newKeySet();

  /** A connector for {@code server} speaking the given protocols. */
  public CountingConnector(Server server, ConnectionFactory... factories) {
    super(server, 1, 1, factories);
  }

  @Override
  protected SocketChannelEndPoint newEndPoint(
      SocketChannel channel, ManagedSelector selector, SelectionKey key) throws IOException {
    SocketChannelEndPoint endPoint = super.newEndPoint(channel, selector, key);
    accepted.incrementAndGet();
    endPoints.add(endPoint);
    return endPoint;
  }

  /** TCP connections accepted since the start. */
  public long accepted() {
    return accepted.get();
  }

  /** TCP connections open now. */
  public int openEndPoints() {
    endPoints.removeIf(e -> !e.isOpen());
    return endPoints.size();
  }
}
