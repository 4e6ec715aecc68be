/**
 * Tidings' public API: one subscription over short polling, long polling, Server-Sent Events and
 * WebSocket, chosen by configuration.
 *
 * <p>Start with {@link io.tidings.SubscriptionConfig} (from a properties file or a builder) and
 * {@link io.tidings.Tidings#subscribe}. Every type here is immutable or thread-safe, as its own
 * documentation states. Parameters must not be null and return values are never null unless a
 * method says otherwise; absent values are {@link java.util.Optional} or empty.
 */
package io.tidings;
