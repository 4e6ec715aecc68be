package io.tidings.examples;

import io.tidings.FailureKind;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.testkit.ReferenceServer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends to the server over the subscription's WebSocket with {@code Subscription.send}, and shows
 * that a receive-only transport refuses to. The reference server records what clients send.
 */
public final class WebSocketSend {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private WebSocketSend() {}

  /** Sends one message over WebSocket and checks the server got it. */
  public static void main(String[] args) throws Exception {
    try (ReferenceServer server = ReferenceServer.start()) {
      SubscriptionConfig config =
          SubscriptionConfig.builder().url(server.url()).transport("websocket").build();
      try (Subscription sub =
          Tidings.subscribe(config, m -> System.out.println("received " + m.data()))) {
        if (!sub.awaitState(SubscriptionState.OPEN, TIMEOUT)) {
          throw new IllegalStateException("The WebSocket did not open: " + sub.state());
        }
        String text = "{\"type\":\"chat\",\"text\":\"hello from Tidings\"}";
        // Completes when OkHttp has taken the message, not when the server has it.
        sub.send(text).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!server.awaitReceived(m -> m.asText().equals(text), TIMEOUT)) {
          throw new AssertionError("The server did not receive " + text);
        }
        System.out.println("the server received " + server.received().get(0).asText());
      }

      // SSE, long and short polling are receive-only: send fails at once, nothing is sent.
      SubscriptionConfig sse = config.toBuilder().transport("sse").build();
      try (Subscription sub = Tidings.subscribe(sse, m -> {})) {
        sub.awaitState(SubscriptionState.OPEN, TIMEOUT);
        try {
          sub.send("hello?").toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          throw new AssertionError("send over SSE should have failed");
        } catch (ExecutionException | CompletionException e) {
          TidingsException cause = (TidingsException) e.getCause();
          if (cause.kind() != FailureKind.UNSUPPORTED) {
            throw new AssertionError("Expected UNSUPPORTED, got " + cause.kind(), cause);
          }
          System.out.println("over sse, send fails: " + cause.getMessage());
        }
      }
    }
  }
}
