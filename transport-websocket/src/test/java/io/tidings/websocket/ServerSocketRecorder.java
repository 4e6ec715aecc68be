package io.tidings.websocket;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/** The server side of a MockWebServer WebSocket: runs a script on open, records what arrives. */
final class ServerSocketRecorder extends WebSocketListener {
  private final Consumer<WebSocket> onOpen;
  private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
  final CompletableFuture<Integer> clientCloseCode = new CompletableFuture<>();
  final CompletableFuture<Void> ended = new CompletableFuture<>();

  ServerSocketRecorder(Consumer<WebSocket> onOpen) {
    this.onOpen = onOpen;
  }

  ServerSocketRecorder() {
    this(ws -> {});
  }

  /** The next message from the client: a String or a ByteString. */
  Object nextMessage(Duration timeout) throws InterruptedException {
    Object m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) {
      throw new AssertionError("No message from the client within " + timeout);
    }
    return m;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    opened.complete(webSocket);
    onOpen.accept(webSocket);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    messages.add(text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    messages.add(bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    clientCloseCode.complete(code);
    webSocket.close(1000, null);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    ended.complete(null);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    ended.complete(null);
  }
}
