package io.tidings.examples;

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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How an application tests its own subscription code against the reference server: the extension
 * starts one server for the class and injects its URL and fault switches (README, "Testing your
 * code with the reference server").
 */
@ExtendWith(ReferenceServerExtension.class)
class ReferenceServerExtensionExampleTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void resumesAfterTheServerCutsTheConnection(
      @ServerUrl String url, ReferenceServer server, Faults faults) throws Exception {
    RecordingListener listener =
        new RecordingListener().skip(RecordingListener.Kind.STATE, RecordingListener.Kind.ERROR);
    SubscriptionConfig config = SubscriptionConfig.builder().url(url).transport("sse").build();
    try (Subscription sub = Tidings.subscribe(config, listener)) {
      assertTrue(sub.awaitState(SubscriptionState.OPEN, WAIT));
      faults.dropAfter(3); // every connection is cut after its third message
      List<String> ids = server.publish(10);
      listener.assertNextMessageIds(ids, WAIT); // all ten, in order, none twice
    }
  }
}
