package io.tidings.internal;

/**
 * One configuration value as written, before {@code ${env:...}} substitution, and where it came
 * from. Immutable.
 *
 * @param key the full key, e.g. {@code tidings.subscriptions.prices.url}
 * @param value the value as written; never shown for a redacted header
 * @param source where it came from, for error messages: a file path, {@code properties}, {@code
 *     environment variable TIDINGS_URL} or {@code system property}
 */
record ConfigEntry(String key, String value, String source) {}
