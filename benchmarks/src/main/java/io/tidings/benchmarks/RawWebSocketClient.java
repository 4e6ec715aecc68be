package io.tidings.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket baseline: an OkHttp WebSocket whose text frames are parsed with Jackson's {@code
 * readTree}, as a hand-written client would, and whose {@code data} is handed on as text. No
 * reconnect, no ordering, no de-duplication.
 */
final class RawWebSocketClient implements BenchClient {
  private static final Logger log = LoggerFactory.getLogger(RawWebSocketClient.class);

  private final WebSocket webSocket;
  private volatile boolean closed;

  RawWebSocketClient(OkHttpClient client, String url, ObjectMapper mapper, DeliveryRecorder sink) {
    webSocket =
        client.newWebSocket(
            new Request.Builder().url(url).build(),
            new WebSocketListener() {
              @Override
              public void onMessage(WebSocket ws, String text) {
                try {
                  JsonNode envelope = mapper.readTree(text);
                  if ("tidings.gap".equals(envelope.path("type").asText())) {
                    return;
                  }
                  sink.accept(RawPollClient.dataText(envelope.get("data")));
                } catch (IOException e) {
                  log.warn("raw WebSocket client: bad frame: {}", e.toString());
                }
              }

              @Override
              public void onFailure(WebSocket ws, Throwable t, Response response) {
                if (!closed) {
                  log.warn("raw WebSocket client failed: {}", t.toString());
                }
              }
            });
  }

  @Override
  public void close() {
    closed = true;
    webSocket.cancel();
  }
}
