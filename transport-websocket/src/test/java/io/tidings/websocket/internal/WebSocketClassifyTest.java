package io.tidings.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.ConnectionException;
import io.tidings.FailureDecision;
import io.tidings.HttpStatusException;
import io.tidings.StallException;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.websocket.WebSocketTransportProvider;
import java.io.EOFException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * The README's "unavailable" signals of WebSocket, as the provider reads them: a refused upgrade
 * falls back, everything else is left to core (retried, or fatal by core's own rules).
 */
class WebSocketClassifyTest {
  private static final HttpUrl URL = HttpUrl.get("http://localhost/feed");
  private final WebSocketTransportProvider provider = new WebSocketTransportProvider();
  private final SubscriptionConfig config =
      SubscriptionConfig.builder().url("http://localhost/feed").transport("websocket").build();

  private Optional<FailureDecision> classify(TidingsException f) {
    return provider.classify(f, config);
  }

  private static TidingsException beforeUpgrade(Throwable failure) {
    return WebSocketFailures.of(
        failure, null, URL, false, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  @Test
  void anUpgradeRefusedWithAStatusOfTheListFallsBack() {
    for (int code : List.of(400, 403, 404, 405, 426, 501)) {
      assertEquals(
          Optional.of(FailureDecision.FALL_BACK),
          classify(new HttpStatusException(code, "HTTP " + code, null)),
          "HTTP " + code);
    }
    assertEquals(
        List.of(400, 403, 404, 405, 426, 501),
        WebSocketFailures.REFUSED_UPGRADE_STATUSES.stream().sorted().toList());
  }

  @Test
  void aConnectionClosedBefore101FallsBack() {
    assertEquals(
        Optional.of(FailureDecision.FALL_BACK), classify(beforeUpgrade(new EOFException())));
    assertEquals(
        Optional.of(FailureDecision.FALL_BACK),
        classify(beforeUpgrade(new java.io.IOException("unexpected end of stream on http://x"))));
  }

  @Test
  void networkFailuresTimeouts5xxAnd401AreLeftToCore() {
    for (TidingsException f :
        List.of(
            new HttpStatusException(401, "HTTP 401", null),
            new HttpStatusException(500, "HTTP 500", null),
            new HttpStatusException(502, "HTTP 502", null),
            new HttpStatusException(503, "HTTP 503", null),
            new HttpStatusException(429, "HTTP 429", null),
            new ConnectionException("connection refused", null),
            new StallException(Duration.ofSeconds(1)),
            beforeUpgrade(new SocketException("Connection reset")))) {
      assertEquals(Optional.empty(), classify(f), f::toString);
    }
  }
}
