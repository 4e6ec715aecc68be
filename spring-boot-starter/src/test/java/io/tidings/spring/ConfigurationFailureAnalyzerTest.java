package io.tidings.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConfigurationException;
import io.tidings.spring.internal.ConfigurationFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class ConfigurationFailureAnalyzerTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Test
  void aBadValueAtStartupIsDescribedByCoresMessage() {
    SpringApplication app = new SpringApplication(App.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    Throwable failure =
        assertThrows(
            Throwable.class,
            () ->
                app.run(
                        "--spring.config.name=none",
                        "--tidings.subscriptions.prices.url=http://127.0.0.1:1/events",
                        "--tidings.subscriptions.prices.reconnect.max-delay=forever")
                    .close());
    FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(failure);
    assertNotNull(analysis, "analysed: " + failure);
    assertEquals(
        "command line: tidings.subscriptions.prices.reconnect.max-delay=forever"
            + " is not a duration; expected e.g. 250ms, 30s, 5m or ISO-8601 PT30S",
        analysis.getDescription());
    assertTrue(
        analysis.getAction().startsWith("Fix tidings.subscriptions.prices.reconnect.max-delay "),
        analysis.getAction());
    assertEquals(ConfigurationException.class, analysis.getCause().getClass());
  }

  @Test
  void itIsRegisteredWithSpringBoot() {
    assertTrue(
        SpringFactoriesLoader.forDefaultResourceLocation()
            .load(
                FailureAnalyzer.class,
                SpringFactoriesLoader.ArgumentResolver.none(),
                (type, name, failure) -> {}) // others need constructor arguments: skipped
            .stream()
            .anyMatch(a -> a instanceof ConfigurationFailureAnalyzer));
  }
}
