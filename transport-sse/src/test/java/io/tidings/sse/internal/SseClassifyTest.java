package io.tidings.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.ConnectionException;
import io.tidings.FailureDecision;
import io.tidings.HttpStatusException;
import io.tidings.ProtocolException;
import io.tidings.StallException;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.sse.SseTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The README's "unavailable" signals of SSE, as the provider reads them: an answer that is not an
 * event stream, or a stream silent since it opened, falls back; anything else is left to core.
 */
class SseClassifyTest {
  private final SseTransportProvider provider = new SseTransportProvider();
  private final SubscriptionConfig config =
      SubscriptionConfig.builder().url("http://localhost/feed").transport("sse").build();

  private Optional<FailureDecision> classify(TidingsException f) {
    return provider.classify(f, config);
  }

  @Test
  void anAnswerThatIsNotAnEventStreamOrAStreamSilentSinceItOpenedFallsBack() {
    assertEquals(
        Optional.of(FailureDecision.FALL_BACK),
        classify(new ProtocolException("Expected text/event-stream", new WrongContentType("x"))));
    assertEquals(
        Optional.of(FailureDecision.FALL_BACK),
        classify(new StallException(Duration.ofSeconds(2), Duration.ofSeconds(2), "sse", true)));
  }

  @Test
  void aStallAfterDataNetworkFailuresAndStatusesAreLeftToCore() {
    for (TidingsException f :
        List.of(
            new StallException(Duration.ofSeconds(2), Duration.ofSeconds(2), "sse", false),
            new ConnectionException("connection reset", null),
            new HttpStatusException(503, "HTTP 503", null),
            new HttpStatusException(403, "HTTP 403", null),
            new ProtocolException("bad framing"))) {
      assertEquals(Optional.empty(), classify(f), f::toString);
    }
  }
}
