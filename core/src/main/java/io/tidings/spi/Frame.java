package io.tidings.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One message as a transport received it, before core decodes it. Immutable; the transport must not
 * modify arrays it hands over.
 *
 * <ul>
 *   <li>{@link #text(String)} and {@link #binary(byte[])}: a payload in the configured {@code
 *       tidings.format} (a JSON envelope, or raw data).
 *   <li>{@link #event(String, String, String)}: a message the transport framed itself (an SSE
 *       event): id and type as given, data as is.
 *   <li>{@link #envelope(JsonNode)}: one already-parsed JSON envelope (an element of a poll batch).
 * </ul>
 */
public final class Frame {
  /** The kinds of frame. */
  public enum Kind {
    /** See {@link Frame#text(String)}. */
    TEXT,
    /** See {@link Frame#binary(byte[])}. */
    BINARY,
    /** See {@link Frame#event(String, String, String)}. */
    EVENT,
    /** See {@link Frame#envelope(JsonNode)}. */
    ENVELOPE
  }

  private final Kind kind;
  private final String id;
  private final String type;
  private final String text;
  private final byte[] bytes;
  private final JsonNode node;
  private final long envelopeSize;

  private Frame(
      Kind kind, String id, String type, String text, byte[] bytes, JsonNode node, long size) {
    this.kind = kind;
    this.id = id;
    this.type = type;
    this.text = text;
    this.bytes = bytes;
    this.node = node;
    this.envelopeSize = size;
  }

  /** A text payload in the configured format. */
  public static Frame text(String payload) {
    return new Frame(
        Kind.TEXT, null, null, Objects.requireNonNull(payload, "payload"), null, null, 0);
  }

  /** A binary payload in the configured format. Not copied. */
  public static Frame binary(byte[] payload) {
    return new Frame(
        Kind.BINARY, null, null, null, Objects.requireNonNull(payload, "payload"), null, 0);
  }

  /**
   * A message the transport framed itself.
   *
   * @param id the id the message brought, or null when it brought none, or empty when it cleared
   *     the last id (SSE {@code id} with an empty value): core then resumes the next connection
   *     without a cursor, until a message brings an id again
   * @param type the type, or null for the default
   * @param data the data, not null
   */
  public static Frame event(String id, String type, String data) {
    return new Frame(Kind.EVENT, id, type, Objects.requireNonNull(data, "data"), null, null, 0);
  }

  /**
   * A message that was raw data with an id from the transport (a raw poll body whose id is the
   * response's ETag).
   */
  public static Frame rawWithId(String id, byte[] data) {
    return new Frame(Kind.BINARY, id, null, null, Objects.requireNonNull(data, "data"), null, 0);
  }

  /** One parsed JSON envelope ({@code {"id","type","seq","data"}}) of unknown size. */
  public static Frame envelope(JsonNode envelope) {
    return envelope(envelope, 0);
  }

  /**
   * One parsed JSON envelope that took {@code sizeInBytes} on the wire: core refuses it when that
   * exceeds {@code tidings.max-message-size}.
   */
  public static Frame envelope(JsonNode envelope, long sizeInBytes) {
    return new Frame(
        Kind.ENVELOPE,
        null,
        null,
        null,
        null,
        Objects.requireNonNull(envelope, "envelope"),
        sizeInBytes);
  }

  /** True for an {@link #event} that cleared the last id (an empty id). */
  public boolean clearsLastId() {
    return kind == Kind.EVENT && id != null && id.isEmpty();
  }

  /** The kind. */
  public Kind kind() {
    return kind;
  }

  /** The id given by the transport ({@link Kind#EVENT}, or {@link #rawWithId}), or null. */
  public String id() {
    return id;
  }

  /** The type given by the transport ({@link Kind#EVENT}), or null. */
  public String type() {
    return type;
  }

  /** The text ({@link Kind#TEXT}, {@link Kind#EVENT}), or null. */
  public String text() {
    return text;
  }

  /** The bytes ({@link Kind#BINARY}), or null. Not a copy. */
  public byte[] bytes() {
    return bytes;
  }

  /** The envelope ({@link Kind#ENVELOPE}), or null. */
  public JsonNode node() {
    return node;
  }

  /**
   * The payload size, for limits and logs: characters of text, bytes of binary data, an envelope's
   * size on the wire (0 when unknown).
   */
  public long size() {
    if (text != null) {
      return text.length();
    }
    if (bytes != null) {
      return bytes.length;
    }
    return envelopeSize;
  }

  @Override
  public String toString() {
    return "Frame{" + kind + (id == null ? "" : ", id=" + id) + ", size=" + size() + '}';
  }
}
