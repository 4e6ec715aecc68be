package io.tidings.websocket.internal;

import java.lang.reflect.Method;
import okhttp3.WebSocket;
import org.slf4j.LoggerFactory;

/**
 * Reads how many pongs and pings an OkHttp WebSocket has received. OkHttp keeps these counters on
 * its implementation class, outside its public API; they are read reflectively so that nothing
 * fails where they are not accessible (the module path, another implementation): the count is then
 * -1. Thread-safe.
 */
final class PongCounter {
  private static final String IMPLEMENTATION = "okhttp3.internal.ws.RealWebSocket";

  private PongCounter() {}

  /** Pongs plus pings received so far, or -1 when they cannot be read. */
  static long count(WebSocket ws) {
    Methods m = Methods.INSTANCE;
    if (m == null || !m.type.isInstance(ws)) {
      return -1;
    }
    try {
      return ((Integer) m.pongs.invoke(ws)).longValue() + ((Integer) m.pings.invoke(ws));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  private static final class Methods {
    static final Methods INSTANCE = load();

    final Class<?> type;
    final Method pongs;
    final Method pings;

    private Methods(Class<?> type, Method pongs, Method pings) {
      this.type = type;
      this.pongs = pongs;
      this.pings = pings;
    }

    private static Methods load() {
      try {
        Class<?> type = Class.forName(IMPLEMENTATION, false, WebSocket.class.getClassLoader());
        return new Methods(
            type, type.getMethod("receivedPongCount"), type.getMethod("receivedPingCount"));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        LoggerFactory.getLogger(PongCounter.class)
            .warn(
                "Cannot read OkHttp's WebSocket pong counters ({}): pongs do not count as"
                    + " heartbeats, so an idle WebSocket is replaced every tidings.stall-timeout"
                    + " unless the server sends messages or pings more often",
                e.toString());
        return null;
      }
    }
  }
}
