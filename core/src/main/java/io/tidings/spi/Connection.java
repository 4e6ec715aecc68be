package io.tidings.spi;

import io.tidings.FailureKind;
import io.tidings.TidingsException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One connection attempt of a transport, created by {@link TransportProvider#connect}. Stateful,
 * used once: core makes a new one to reconnect. Thread-safe.
 */
public interface Connection {
  /**
   * Closes the connection: cancels the request, closes the socket. Idempotent; may be called from
   * any thread, including from inside a {@link ConnectionListener} call, and must not block on I/O.
   * After it returns the transport calls its listener no more (calls that race with it are ignored
   * by core), and the tasks it runs on {@link TransportContext#executor()} end promptly.
   */
  void close();

  /**
   * Sends text to the server. The default fails: override with the {@link Capability#SEND}
   * capability.
   */
  default CompletionStage<Void> send(String text) {
    return CompletableFuture.failedFuture(
        new TidingsException(FailureKind.UNSUPPORTED, "This transport cannot send"));
  }

  /** Sends binary data to the server. The default fails like {@link #send(String)}. */
  default CompletionStage<Void> send(byte[] bytes) {
    return CompletableFuture.failedFuture(
        new TidingsException(FailureKind.UNSUPPORTED, "This transport cannot send"));
  }
}
