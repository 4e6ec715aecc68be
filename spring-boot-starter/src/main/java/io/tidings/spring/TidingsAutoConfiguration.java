package io.tidings.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.Tidings;
import io.tidings.micrometer.TidingsMetrics;
import io.tidings.spring.internal.EnvironmentSource;
import io.tidings.spring.internal.MeteredStarter;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of Tidings (registered in {@code
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}): a {@link
 * TidingsSubscriptions} bean reading the {@code tidings.*} keys of the environment with core's
 * loader, a {@link SubscriptionStarter} (metered when Micrometer, {@code tidings-micrometer} and a
 * {@code MeterRegistry} bean are present) and, with Actuator, a {@link TidingsHealthIndicator}
 * named {@code tidings}. Each bean backs off when the application declares its own.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
    })
@Import({
  TidingsAutoConfiguration.MeteredStarterConfiguration.class,
  TidingsAutoConfiguration.HealthConfiguration.class
})
public class TidingsAutoConfiguration {
  /**
   * Without Micrometer: {@link Tidings#subscribe}. Declared here, not in a nested class, so that it
   * is registered after the metered one and backs off when that one exists.
   */
  @Bean
  @ConditionalOnMissingBean
  public SubscriptionStarter tidingsSubscriptionStarter() {
    return Tidings::subscribe;
  }

  /** The application's subscriptions, from the environment's {@code tidings.*} keys. */
  @Bean
  @ConditionalOnMissingBean
  public TidingsSubscriptions tidingsSubscriptions(
      ConfigurableEnvironment environment,
      ListableBeanFactory beans,
      SubscriptionStarter tidingsSubscriptionStarter) {
    return new TidingsSubscriptions(
        EnvironmentSource.read(environment),
        () -> beans.getBeansOfType(TidingsListener.class),
        tidingsSubscriptionStarter);
  }

  /**
   * With Micrometer and tidings-micrometer: meters in the MeterRegistry bean, when there is one.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, TidingsMetrics.class})
  static class MeteredStarterConfiguration {
    @Bean
    @ConditionalOnMissingBean
    SubscriptionStarter tidingsSubscriptionStarter(ObjectProvider<MeterRegistry> registry) {
      return new MeteredStarter(registry::getIfAvailable);
    }
  }

  /** With Actuator: the {@code tidings} health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnProperty(
      prefix = "management.health.tidings",
      name = "enabled",
      matchIfMissing = true)
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "tidingsHealthIndicator")
    TidingsHealthIndicator tidingsHealthIndicator(TidingsSubscriptions subscriptions) {
      return new TidingsHealthIndicator(subscriptions);
    }
  }
}
