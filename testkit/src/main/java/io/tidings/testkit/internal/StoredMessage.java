package io.tidings.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One published message with its wire forms precomputed, plus the malformed items a fault asked to
 * be sent just before it. Immutable.
 */
final class StoredMessage {
  final long seq;
  final String id;
  final String type;
  final String dataJson;
  final Instant publishedAt;
  final List<MalformedItem> before;
  final String envelope;
  final byte[] sseEvent;

  StoredMessage(
      long seq, String type, String dataJson, Instant publishedAt, List<MalformedItem> before) {
    this.seq = seq;
    this.id = Long.toString(seq);
    this.type = type;
    this.dataJson = dataJson;
    this.publishedAt = publishedAt;
    this.before = List.copyOf(before);
    this.envelope = Wire.envelope(id, type, seq, dataJson);
    this.sseEvent =
        ("id: " + id + "\nevent: " + type + "\ndata: " + dataJson + "\n\n")
            .getBytes(StandardCharsets.UTF_8);
  }
}
