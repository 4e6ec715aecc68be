package io.tidings.spring.internal;

import io.tidings.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad {@code tidings.*} value at startup the Boot way ("APPLICATION FAILED TO START"),
 * with core's message (origin, key, value, what was expected) instead of a bean-creation stack
 * trace. Registered in {@code META-INF/spring.factories}.
 */
public final class ConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<ConfigurationException> {
  /** Used by Spring Boot. */
  public ConfigurationFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    String action =
        cause.key() == null
            ? "Fix the tidings.* configuration (docs/CONFIGURATION.md lists every key)."
            : "Fix "
                + cause.key()
                + " where the message says (application.properties, application.yml, an"
                + " environment variable or a system property; docs/CONFIGURATION.md lists every"
                + " key).";
    return new FailureAnalysis(cause.getMessage(), action, cause);
  }
}
