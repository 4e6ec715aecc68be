package io.tidings.testkit.internal;

/** How the server classified a request (docs/PROTOCOL.md). */
public enum TransportKind {
  SHORTPOLL("shortpoll"),
  LONGPOLL("longpoll"),
  SSE("sse"),
  WEBSOCKET("websocket");

  private final String transportName;

  TransportKind(String transportName) {
    this.transportName = transportName;
  }

  /** The Tidings transport name. */
  public String transportName() {
    return transportName;
  }

  /** The kind for a transport name, or null. */
  public static TransportKind of(String name) {
    for (TransportKind k : values()) {
      if (k.transportName.equals(name)) {
        return k;
      }
    }
    return null;
  }
}
