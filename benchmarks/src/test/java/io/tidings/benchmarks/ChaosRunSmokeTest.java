package io.tidings.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos run with small numbers: it completes, the proxy cut (publishing lasts 2 s, longer than
 * the longest time to the first cut), and nothing was lost.
 */
class ChaosRunSmokeTest {
  @Test
  @Timeout(60)
  void aShortRunThroughCutsDeliversEveryMessageOnceInOrder() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ChaosRun.Row row =
        ChaosRun.run(
            "websocket", 2000, 1000, 7, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertNull(row.violation(), row::toString);
    assertEquals(2000, row.delivered());
    assertTrue(row.proxyConnections() > 1, () -> "no cut in " + row);
  }
}
