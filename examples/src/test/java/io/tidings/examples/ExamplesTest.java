package io.tidings.examples;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each small example runs to completion; each throws when what it shows did not happen. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExamplesTest {
  private static final String[] NO_ARGS = new String[0];

  @Test
  void typedMessages() throws Exception {
    TypedMessages.main(NO_ARGS);
  }

  @Test
  void flowConsumer() throws Exception {
    FlowConsumer.main(NO_ARGS);
  }

  @Test
  void webSocketSend() throws Exception {
    WebSocketSend.main(NO_ARGS);
  }

  @Test
  void watchRestResource() throws Exception {
    WatchRestResource.main(NO_ARGS);
  }

  @Test
  void namedSubscriptions() throws Exception {
    NamedSubscriptions.main(NO_ARGS);
  }

  @Test
  void rotatingCredentials() throws Exception {
    RotatingCredentials.main(NO_ARGS);
  }

  @Test
  void fallback() throws Exception {
    Fallback.main(NO_ARGS);
  }

  @Test
  void spring() throws Exception {
    io.tidings.examples.spring.SpringExample.main(NO_ARGS);
  }
}
