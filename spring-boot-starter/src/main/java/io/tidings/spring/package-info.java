/**
 * Spring Boot 3 auto-configuration for Tidings: the {@code tidings.*} keys read from the Spring
 * {@code Environment} (application.properties, application.yml, command-line arguments) by core's
 * own loader ({@link io.tidings.ConfigSource}), one subscription per {@link
 * io.tidings.spring.TidingsListener} bean, started when the context has refreshed and closed with
 * it ({@link io.tidings.spring.TidingsSubscriptions}), Micrometer meters when a {@code
 * MeterRegistry} bean and {@code tidings-micrometer} are present, and an Actuator health indicator
 * ({@link io.tidings.spring.TidingsHealthIndicator}) when Actuator is present.
 */
package io.tidings.spring;
