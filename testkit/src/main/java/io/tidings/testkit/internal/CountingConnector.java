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

/**
 * A server connector that counts the TCP connections it accepts and knows which are open: an
 * endpoint is forgotten as it closes, so the set stays as small as the open connections.
 */
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
    SocketChannelEndPoint endPoint =
        new SocketChannelEndPoint(channel, selector, key, getScheduler()) {
          @Override
          public void onClose(Throwable cause) {
            try {
              super.onClose(cause);
            } finally {
              endPoints.remove(this);
            }
          }
        };
    endPoint.setIdleTimeout(getIdleTimeout());
    accepted.incrementAndGet();
    endPoints.add(endPoint);
    return endPoint;
  }

  /** TCP connections accepted since the start. */
  public long accepted() {
    return accepted.get();
  }

  /** Endpoints in the set now, open or closing. For tests. */
  int tracked() {
    return endPoints.size();
  }

  /** TCP connections open now. */
  public int openEndPoints() {
    return (int) endPoints.stream().filter(SocketChannelEndPoint::isOpen).count();
  }
}
