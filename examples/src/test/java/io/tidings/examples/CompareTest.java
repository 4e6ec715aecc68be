package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.SubscriptionConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 40, unit = TimeUnit.SECONDS)
class CompareTest {
  @Test
  void everyTransportGetsEveryMessageAndItsCostsAreCounted() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    SubscriptionConfig config = SubscriptionConfig.load(Path.of(Demo.CONFIG_FILE));

    Compare.Result result = Compare.run(config, 40, 100, Duration.ofSeconds(1), out);

    assertTrue(result.ok(), () -> output.toString(StandardCharsets.UTF_8));
    assertEquals(Compare.TRANSPORTS, result.rows().stream().map(Compare.Row::transport).toList());
    for (Compare.Row row : result.rows()) {
      assertEquals(40 + Compare.WARM_UP, row.received(), row.transport());
      assertTrue(row.requests() >= 1, row.transport() + " made no request");
      assertTrue(row.bytes() > 0, row.transport() + " served no bytes");
      assertTrue(row.p50Micros() >= 0, row.transport() + " has no latency");
    }
    // A stream is one request for everything; a long poll at least one per answered batch.
    List<Compare.Row> rows = result.rows();
    assertEquals(1, rows.get(2).requests(), "sse");
    assertEquals(1, rows.get(3).requests(), "websocket");
    assertTrue(result.table().startsWith("| transport |"), result.table());
  }
}
