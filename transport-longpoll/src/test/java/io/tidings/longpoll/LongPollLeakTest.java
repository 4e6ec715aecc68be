package io.tidings.longpoll;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.testkit.LeakCycles;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Subscribe/close cycles against hostile servers (closes while connecting, during the backoff and
 * once open) leave no Tidings or OkHttp dispatcher thread and no file descriptor behind.
 */
class LongPollLeakTest {
  @Test
  void subscribeCloseCyclesLeaveNoThreadOrDescriptor() throws Exception {
    LeakCycles.Result r = LeakCycles.run("longpoll", 240, Duration.ofSeconds(60));
    assertTrue(r.clean(), r.toString());
  }
}
