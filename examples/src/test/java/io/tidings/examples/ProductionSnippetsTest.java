package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionState;
import io.tidings.Tidings;
import io.tidings.testkit.Faults;
import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.RecordingListener;
import io.tidings.testkit.junit.ReferenceServerExtension;
import io.tidings.testkit.junit.ServerUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's "Production connections" snippets, as written, run against the reference server
 * (DocumentationSnippetsTest checks that the README still shows this code).
 */
@ExtendWith(ReferenceServerExtension.class)
class ProductionSnippetsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Stands for the application's token source. */
  static final class Tokens {
    final List<Boolean> asked = new CopyOnWriteArrayList<>();

    CompletionStage<String> fetch(boolean refresh) {
      asked.add(refresh);
      return CompletableFuture.completedFuture(asked.size() == 1 ? "expired" : "fresh");
    }
  }

  @Test
  void credentialsAreFetchedForEachConnectAndRefreshedAfterA401(
      @ServerUrl String url, ReferenceServer server, Faults faults) throws Exception {
    Tokens tokens = new Tokens();
    // examples/tidings.properties, from the examples module's directory
    SubscriptionConfig config =
        SubscriptionConfig.load(Path.of("tidings.properties")).toBuilder()
            .credentials(
                request ->
                    tokens
                        .fetch(request.refresh()) // CompletionStage<String>
                        .thenApply(token -> Map.of("Authorization", "Bearer " + token)))
            .build();
    faults.requireToken("fresh");
    RecordingListener listener =
        new RecordingListener().skip(RecordingListener.Kind.STATE, RecordingListener.Kind.ERROR);
    try (Subscription sub =
        Tidings.subscribe(config.toBuilder().url(url).transport("sse").build(), listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT), sub.state().toString());
      List<String> ids = server.publish(3);
      listener.assertNextMessageIds(ids, WAIT);
    }
    assertEquals(List.of(false, true), tokens.asked);
  }
}
