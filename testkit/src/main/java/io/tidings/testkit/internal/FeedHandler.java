package io.tidings.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * Serves the feed at one path over all four transports (docs/PROTOCOL.md), applies the fault
 * switches, and accepts {@code POST} publishing. Never blocks a thread while a client waits.
 */
public final class FeedHandler extends Handler.Abstract.NonBlocking {
  private final Hub hub;
  private volatile ServerWebSocketContainer container;

  /** A handler serving {@code hub}'s feed. */
  public FeedHandler(Hub hub) {
    this.hub = hub;
  }

  /** The container that performs WebSocket upgrades. */
  public void webSocketContainer(ServerWebSocketContainer container) {
    this.container = container;
  }

  /** Where a reader without cursor starts: before the retained history, or at the live edge. */
  static long startPosition(Hub hub, Long cursor) {
    if (cursor != null) {
      return cursor;
    }
    return hub.config.replayWithoutCursor() ? hub.feed.firstRetained() - 1 : hub.feed.lastSeq();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    HubConfig cfg = hub.config;
    String path = Request.getPathInContext(request);
    if (path.equals(cfg.publishPath())) {
      publish(request, response, callback);
      return true;
    }
    boolean moved = path.equals(cfg.movedPath());
    if (!path.equals(cfg.path()) && !moved) {
      return false;
    }
    if (!"GET".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      Exchanges.answer(response, callback, 405, "text/plain", "Only GET serves the feed\n");
      return true;
    }
    HttpFields headers = request.getHeaders();
    Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    TransportKind kind = classify(headers, query);
    String cursorText = cursorText(kind, headers, query);
    Hub.RequestEntry entry = hub.record(kind, path, cursorText);
    hub.event(
        kind.transportName()
            + (kind == TransportKind.SHORTPOLL || kind == TransportKind.LONGPOLL
                ? " poll"
                : " connection")
            + " from "
            + Request.getRemoteAddr(request)
            + ":"
            + Request.getRemotePort(request)
            + ", cursor "
            + (cursorText == null || cursorText.isEmpty()
                ? "none (" + (cfg.replayWithoutCursor() ? "replays history" : "live edge") + ")"
                : cursorText)
            + (moved ? " (moved path)" : ""));

    if (!hub.faults.authorized(headers.get(HttpHeader.AUTHORIZATION))) {
      entry.status(401);
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      Exchanges.answer(
          response, callback, 401, "text/plain", "HTTP 401: the token is missing or expired\n");
      return true;
    }
    io.tidings.testkit.Unavailable unavailable = hub.faults.unavailable(kind);
    if (unavailable != null) {
      serveUnavailable(unavailable, request, response, callback, entry);
      return true;
    }
    FaultState.StatusFault status = hub.faults.takeStatus();
    if (status != null) {
      entry.status(status.status());
      if (status.retryAfter() != null) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, status.retryAfter());
      }
      Exchanges.answer(
          response,
          callback,
          status.status(),
          "text/plain",
          "HTTP " + status.status() + " from a reference server fault\n");
      return true;
    }
    if (!moved) {
      int redirect = hub.faults.takeRedirect();
      if (redirect != 0) {
        entry.status(redirect);
        String q = request.getHttpURI().getQuery();
        response
            .getHeaders()
            .put(HttpHeader.LOCATION, cfg.movedPath() + (q == null ? "" : "?" + q));
        Exchanges.answer(response, callback, redirect, null, null);
        return true;
      }
    }
    Long cursor;
    try {
      cursor = cursorText == null || cursorText.isEmpty() ? null : Long.parseLong(cursorText);
    } catch (NumberFormatException e) {
      entry.status(400);
      Exchanges.answer(
          response,
          callback,
          400,
          "text/plain",
          "The cursor must be a message id of this feed (1, 2, 3, ...), was: " + cursorText + "\n");
      return true;
    }
    cursor = hub.faults.rewound(cursor);
    switch (kind) {
      case WEBSOCKET:
        return webSocket(request, response, callback, entry, cursor);
      case SSE:
        sse(request, response, callback, entry, cursor);
        return true;
      default:
        poll(kind, request, response, callback, entry, cursor, headers, query);
        return true;
    }
  }

  /** Answers the way a proxy in the path would when this transport is unavailable. */
  private static void serveUnavailable(
      io.tidings.testkit.Unavailable how,
      Request request,
      Response response,
      Callback callback,
      Hub.RequestEntry entry) {
    switch (how) {
      case REFUSE_UPGRADE:
        entry.status(426);
        Exchanges.answer(
            response,
            callback,
            426,
            "text/plain",
            "HTTP 426: WebSocket upgrades are refused here (a reference server fault)\n");
        return;
      case WRONG_CONTENT_TYPE:
        entry.status(200);
        Exchanges.answer(
            response,
            callback,
            200,
            "text/html",
            "<html><body>Please sign in to the proxy (a reference server fault)</body></html>\n");
        return;
      case CLOSE_BEFORE_UPGRADE: // recorded without a status: nothing was answered
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(
            new java.io.IOException("closed before the upgrade (a reference server fault)"));
        return;
      case ERROR_PAGE:
        entry.status(200);
        Exchanges.answer(
            response,
            callback,
            200,
            "text/html",
            "<!DOCTYPE html><html><head><title>Gateway error</title></head><body>The proxy could"
                + " not reach the upstream server (a reference server fault)</body></html>\n");
        return;
      default: // BUFFERED: the headers go out, the body never does
        entry.status(200);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        request.addFailureListener(callback::failed);
        response.write(false, java.nio.ByteBuffer.allocate(0), Callback.NOOP);
    }
  }

  private TransportKind classify(HttpFields headers, Fields query) {
    String upgrade = headers.get(HttpHeader.UPGRADE);
    if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
      return TransportKind.WEBSOCKET;
    }
    String accept = headers.get(HttpHeader.ACCEPT);
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
      return TransportKind.SSE;
    }
    if (query.get(hub.config.waitParam()) != null) {
      return TransportKind.LONGPOLL;
    }
    return TransportKind.SHORTPOLL;
  }

  private String cursorText(TransportKind kind, HttpFields headers, Fields query) {
    if (kind == TransportKind.SSE) {
      String h = headers.get("Last-Event-ID");
      if (h != null && !h.isBlank()) {
        return h.trim();
      }
    }
    String q = query.getValue(hub.config.cursorParam());
    if (q != null && !q.isBlank()) {
      return q.trim();
    }
    if (kind == TransportKind.SHORTPOLL || kind == TransportKind.LONGPOLL) {
      String etag = headers.get(HttpHeader.IF_NONE_MATCH);
      if (etag != null) {
        String v = etag.trim();
        if (v.startsWith("W/")) {
          v = v.substring(2);
        }
        v = v.replace("\"", "");
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
          return v;
        }
      }
    }
    return null;
  }

  private boolean webSocket(
      Request request, Response response, Callback callback, Hub.RequestEntry entry, Long cursor) {
    boolean stalled = hub.faults.takeStall();
    ServerWebSocketContainer c = container;
    boolean upgraded =
        c != null
            && c.upgrade(
                (upgradeRequest, upgradeResponse, cb) ->
                    new WebSocketStream(hub, cursor, entry, stalled),
                request,
                response,
                callback);
    if (!upgraded) {
      entry.status(400);
      Exchanges.answer(
          response, callback, 400, "text/plain", "Not a valid WebSocket upgrade request\n");
    }
    return true;
  }

  private void sse(
      Request request, Response response, Callback callback, Hub.RequestEntry entry, Long cursor) {
    boolean stalled = hub.faults.takeStall();
    SseStream stream = new SseStream(hub, request, response, callback, stalled);
    entry.status(stalled ? 0 : 200);
    request.addFailureListener(stream::abort);
    stream.begin(startPosition(hub, cursor), List.of(SseStream.preamble(hub.config)));
  }

  private void poll(
      TransportKind kind,
      Request request,
      Response response,
      Callback callback,
      Hub.RequestEntry entry,
      Long cursor,
      HttpFields headers,
      Fields query) {
    boolean conditional =
        headers.get(HttpHeader.IF_NONE_MATCH) != null
            || headers.get(HttpHeader.IF_MODIFIED_SINCE) != null;
    if (cursor == null && notModifiedSince(headers.get(HttpHeader.IF_MODIFIED_SINCE))) {
      entry.status(304);
      hub.counters(kind).connections.incrementAndGet();
      Exchanges.answer(response, callback, 304, null, null);
      return;
    }
    PollExchange poll =
        new PollExchange(
            hub, kind, request, response, callback, entry, startPosition(hub, cursor), conditional);
    if (hub.faults.takeStall()) {
      poll.stallNow();
      return;
    }
    if (hub.faults.takePollDrop()) {
      poll.dropNow();
      return;
    }
    if (kind == TransportKind.SHORTPOLL) {
      poll.answerNow();
      return;
    }
    poll.waitFor(waitMillis(query.getValue(hub.config.waitParam())));
  }

  private long waitMillis(String value) {
    long max = hub.config.maxWait().toMillis();
    try {
      double seconds = Double.parseDouble(value.trim());
      if (!(seconds >= 0)) {
        return 0;
      }
      return Math.min(max, (long) (seconds * 1000));
    } catch (NumberFormatException | NullPointerException e) {
      return Math.min(max, 30_000);
    }
  }

  private boolean notModifiedSince(String ims) {
    if (ims == null) {
      return false;
    }
    Instant since;
    try {
      since = ZonedDateTime.parse(ims.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return false;
    }
    Instant last = hub.feed.lastPublishedAt();
    return last == null || !last.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
  }

  private void publish(Request request, Response response, Callback callback) {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      Exchanges.answer(response, callback, 405, "text/plain", "POST a {type,data} object\n");
      return;
    }
    Content.Source.asStringAsync(request, StandardCharsets.UTF_8)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                callback.failed(failure);
                return;
              }
              try {
                List<String> ids = publishBody(body);
                hub.event("published over HTTP: id " + String.join(", ", ids));
                Exchanges.answer(
                    response, callback, 200, "application/json", Wire.publishedJson(ids));
              } catch (IllegalArgumentException e) {
                Exchanges.answer(response, callback, 400, "text/plain", e.getMessage() + "\n");
              }
            });
  }

  private List<String> publishBody(String body) {
    JsonNode root;
    try {
      root = Wire.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "The body must be JSON like {\"type\":\"tick\",\"data\":{...}}: " + e.getMessage());
    }
    List<JsonNode> items = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(items::add);
    } else if (root.isObject()) {
      items.add(root);
    } else {
      throw new IllegalArgumentException(
          "The body must be a {\"type\",\"data\"} object or an array of them");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode item : items) {
      if (!item.isObject()) {
        throw new IllegalArgumentException("Each item must be a {\"type\",\"data\"} object");
      }
      String type = item.path("type").asText("tick");
      if (type.isEmpty()) {
        type = "tick";
      }
      JsonNode data = item.get("data");
      ids.add(Long.toString(hub.feed.publish(type, data == null ? "null" : data.toString())));
    }
    return ids;
  }
}
