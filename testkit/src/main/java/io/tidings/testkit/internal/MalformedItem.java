package io.tidings.testkit.internal;

import io.tidings.testkit.Malformed;

/**
 * A malformed item to send between good messages. Carries no id, so it consumes no sequence number.
 *
 * @param kind what is wrong with it
 * @param size the size of an {@link Malformed#OVERSIZED} item's data in bytes
 */
public record MalformedItem(Malformed kind, int size) {}
