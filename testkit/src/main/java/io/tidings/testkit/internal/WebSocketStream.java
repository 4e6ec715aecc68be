package io.tidings.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.testkit.ReceivedMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket session: envelopes as text frames. Without a cursor query parameter it waits up to
 * the resume grace for a {@code {"type":"resume","lastEventId":"5"}} message before streaming.
 * Pings are answered with pongs, except while stalled.
 */
public final class WebSocketStream extends PushStream implements Session.Listener.AutoDemanding {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Long cursor;
  private final Hub.RequestEntry entry;
  private volatile Session session;
  private volatile ScheduledFuture<?> grace;

  /**
   * @param cursor the cursor from the query parameter, or null
   */
  WebSocketStream(Hub hub, Long cursor, Hub.RequestEntry entry, boolean stalled) {
    super(hub, TransportKind.WEBSOCKET, stalled);
    this.cursor = cursor;
    this.entry = entry;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    entry.status(101);
    if (cursor != null) {
      begin(cursor, List.of());
    } else {
      grace =
          hub.schedule(
              () -> begin(FeedHandler.startPosition(hub, null), List.of()),
              hub.config.webSocketResumeGrace());
    }
  }

  @Override
  public void onWebSocketText(String text) {
    Long resume = resumeCursor(text);
    if (resume != null) {
      resume = hub.faults.rewound(resume);
      ScheduledFuture<?> g = grace;
      if (g != null) {
        g.cancel(false);
      }
      begin(resume, List.of());
      repositionAfter(resume);
      return;
    }
    hub.received(new ReceivedMessage(text, null));
    hub.event("websocket client sent: " + Hub.abbreviate(text, 200));
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    byte[] b = new byte[payload.remaining()];
    payload.get(b);
    hub.received(new ReceivedMessage(null, b));
    hub.event("websocket client sent " + b.length + " bytes (binary)");
    callback.succeed();
  }

  /**
   * Overriding this turns off Jetty's automatic pong: a stalled stream must answer nothing, so the
   * client sees the same silence as on a dead network.
   */
  @Override
  public void onWebSocketPing(ByteBuffer payload) {
    Session s = session;
    if (s != null && !isStalled()) {
      s.sendPong(payload, Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    abort(new IOException("closed by the client: " + statusCode + " " + reason));
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    abort(cause);
  }

  private static Long resumeCursor(String text) {
    if (!text.startsWith("{") || !text.contains("resume")) {
      return null;
    }
    try {
      JsonNode n = Wire.MAPPER.readTree(text);
      if (n.isObject() && "resume".equals(n.path("type").asText())) {
        JsonNode id = n.get("lastEventId");
        return id == null || id.isNull() ? null : Long.parseLong(id.asText().trim());
      }
    } catch (IOException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  @Override
  boolean sends(MalformedItem item) {
    return Wire.beyondSse(item);
  }

  @Override
  void send(Object item) {
    Session s = session;
    Callback cb = Callback.from(this::succeeded, this::failed);
    if (item instanceof StoredMessage) {
      StoredMessage m = (StoredMessage) item;
      wrote(Wire.utf8Length(m.envelope));
      s.sendText(m.envelope, cb);
    } else if (item instanceof MalformedItem) {
      Object bad = Wire.webSocketMalformed((MalformedItem) item);
      if (bad instanceof String) {
        wrote(Wire.utf8Length((String) bad));
        s.sendText((String) bad, cb);
      } else {
        byte[] b = (byte[]) bad;
        wrote(b.length);
        s.sendBinary(ByteBuffer.wrap(b), cb);
      }
    } else if (item instanceof long[]) {
      long[] gap = (long[]) item;
      String text = Wire.gapEnvelope(gap[0], gap[1]);
      wrote(Wire.utf8Length(text));
      s.sendText(text, cb);
    } else if (item == HEARTBEAT) {
      s.sendPing(EMPTY.duplicate(), cb);
    } else {
      String text = new String((byte[]) item, StandardCharsets.UTF_8);
      s.sendText(text, cb);
    }
  }

  @Override
  void terminate(Throwable cause) {
    ScheduledFuture<?> g = grace;
    if (g != null) {
      g.cancel(false);
    }
    Session s = session;
    if (s == null) {
      return;
    }
    if (cause == null) {
      s.close();
    } else {
      s.disconnect();
    }
  }
}
