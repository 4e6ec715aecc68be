package io.tidings.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.testkit.ChildJvm;
import io.tidings.testkit.ReferenceServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The header values a {@code CredentialsProvider} returns appear in no log line (Tidings' loggers
 * at TRACE), no error message, stack trace or cause, and no {@code toString()}, on any transport,
 * when the server refuses them with 401 and when a refresh fixes it. Runs in a child JVM so that
 * its logging can be turned all the way up and every line of it read.
 */
@Timeout(300)
class SecretsStayOutOfLogsTest {
  @Test
  void credentialsFromTheProviderAreInNoLogLineErrorOrToString() throws Exception {
    try (ReferenceServer server = ReferenceServer.start()) {
      server.faults().requireToken(SecretsChild.FRESH);
      server.publish(SecretsChild.MESSAGES);
      ChildJvm.Result result =
          ChildJvm.run(
              SecretsChild.class,
              "256m",
              List.of(
                  "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                  "-Dorg.slf4j.simpleLogger.log.io.tidings=trace",
                  "-Dorg.slf4j.simpleLogger.showShortLogName=false",
                  "-Dorg.slf4j.simpleLogger.showLogName=true",
                  "-XX:TieredStopAtLevel=1"),
              Duration.ofMinutes(4),
              server.url());
      String out = result.output();
      // The child checked all of its output (see SecretsChild.check); the tail is here too.
      assertTrue(result.passed(), "the child failed:\n" + out);
      assertTrue(out.contains("characters of output checked"), out);
      for (String secret : SecretsChild.SECRETS) {
        assertFalse(out.contains(secret), "a secret in the child's output:\n" + out);
      }
    }
  }
}
