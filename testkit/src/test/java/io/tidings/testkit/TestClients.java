package io.tidings.testkit;

import java.util.concurrent.BlockingQueue;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** Raw OkHttp pieces the testkit's own tests share (test helper). */
final class TestClients {
  private TestClients() {}

  /** Releases what {@code client} holds: calls, dispatcher threads, pooled connections. */
  static void release(OkHttpClient client) {
    client.dispatcher().cancelAll();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /**
   * Opens a WebSocket that puts each text frame into {@code frames}, each binary frame as {@code
   * binary:<hex>}, and a failure as {@code failure:<throwable>}; it answers the server's close.
   */
  static WebSocket collectFrames(OkHttpClient client, String url, BlockingQueue<String> frames) {
    return client.newWebSocket(
        new Request.Builder().url(url).build(),
        new WebSocketListener() {
          @Override
          public void onMessage(WebSocket webSocket, String text) {
            frames.add(text);
          }

          @Override
          public void onMessage(WebSocket webSocket, ByteString bytes) {
            frames.add("binary:" + bytes.hex());
          }

          @Override
          public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            frames.add("failure:" + t);
          }

          @Override
          public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
          }
        });
  }
}
