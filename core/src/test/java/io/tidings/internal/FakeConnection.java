package io.tidings.internal;

import io.tidings.TidingsException;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One scripted connection: the test calls open(), message(), fail() as a transport would. */
final class FakeConnection implements Connection {
  final Cursor cursor;
  final ConnectionListener listener;
  final long connectedAtNanos = System.nanoTime();
  final List<String> sent = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  FakeConnection(Cursor cursor, ConnectionListener listener) {
    this.cursor = cursor;
    this.listener = listener;
  }

  FakeConnection open() {
    listener.onOpen();
    return this;
  }

  FakeConnection message(String id) {
    return message(id, "{\"n\":" + id + "}");
  }

  FakeConnection message(String id, String jsonData) {
    listener.onFrame(
        Frame.text("{\"id\":\"" + id + "\",\"type\":\"tick\",\"data\":" + jsonData + "}"));
    return this;
  }

  FakeConnection messages(String... ids) {
    for (String id : ids) {
      message(id);
    }
    return this;
  }

  void fail(TidingsException reason) {
    listener.onClosed(reason);
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  void awaitClosed(Duration timeout) throws InterruptedException {
    if (!closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The engine did not close the connection within " + timeout);
    }
  }

  @Override
  public void close() {
    closed.countDown();
  }

  @Override
  public CompletionStage<Void> send(String text) {
    sent.add(text);
    return CompletableFuture.completedFuture(null);
  }
}
