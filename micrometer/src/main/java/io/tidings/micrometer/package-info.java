/**
 * Micrometer meters for Tidings subscriptions: {@link io.tidings.micrometer.TidingsMetrics}.
 * Micrometer is an optional dependency of this module; the application brings it.
 */
package io.tidings.micrometer;
