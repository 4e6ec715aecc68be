package io.tidings.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} or {@code java.net.URI} parameter that {@link ReferenceServerExtension}
 * fills with the reference server's feed URL ({@link io.tidings.testkit.ReferenceServer#url()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ServerUrl {}
