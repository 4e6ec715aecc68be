package io.tidings.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.FailureDecision;
import io.tidings.HttpStatusException;
import io.tidings.StallException;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.polling.internal.NotABatch;
import io.tidings.spi.Redactor;
import io.tidings.spi.TransportProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a polling provider itself reads from a failure: only an answer that is not a batch falls
 * back. Each polling transport's test extends this with its provider and transport name.
 */
public abstract class PollClassifyContract {
  private final TransportProvider provider;
  private final SubscriptionConfig config;

  /**
   * @param provider the provider under test; not null
   * @param transport its transport name, e.g. {@code "shortpoll"}; not null
   */
  protected PollClassifyContract(TransportProvider provider, String transport) {
    this.provider = provider;
    this.config =
        SubscriptionConfig.builder().url("http://localhost/feed").transport(transport).build();
  }

  @Test
  public void anAnswerThatIsNotABatchFallsBack() {
    byte[] page = "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8);
    TidingsException notABatch =
        NotABatch.check(
            200, "text/html", page, page.length, "http://localhost/feed", Redactor.NONE);
    assertEquals(Optional.of(FailureDecision.FALL_BACK), provider.classify(notABatch, config));
  }

  @Test
  public void networkFailuresTimeoutsStatusesAndDecodeErrorsAreLeftToCore() {
    for (TidingsException f :
        List.of(
            new ConnectionException("connection refused", null),
            new StallException(Duration.ofSeconds(1)),
            new HttpStatusException(503, "HTTP 503", null),
            new HttpStatusException(500, "HTTP 500", null),
            new HttpStatusException(404, "HTTP 404", null),
            new DecodeException("not valid JSON", null))) {
      assertEquals(Optional.empty(), provider.classify(f, config), f::toString);
    }
  }
}
