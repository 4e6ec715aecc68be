package io.tidings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One message delivered to a subscription. Immutable and safe to share between threads.
 *
 * <p>Text messages keep their data as a {@code String}; binary ones as bytes. {@link #data()} and
 * {@link #bytes()} convert (UTF-8) on demand. {@link #sequence()} is the envelope's {@code seq}
 * field, or else the id when it is a decimal number: it is what {@link OrderingPolicy#ordered}
 * orders by.
 */
public final class Message {
  private static final long NO_SEQUENCE = Long.MIN_VALUE;

  private final String id;
  private final String type;
  private final String data;
  private final byte[] bytes;
  private final long sequence;
  private final Instant receivedAt; // null: made from receivedMillis when asked
  private final long receivedMillis;
  private final long receivedNanos;
  private final String transport;
  private final ObjectMapper mapper;

  private Message(Builder b) {
    this.id = b.id;
    this.type = b.type == null ? DEFAULT_TYPE : b.type;
    this.data = b.data;
    this.bytes = b.bytes;
    this.sequence = b.sequence;
    this.receivedAt = b.receivedAt;
    this.receivedMillis = b.receivedAt == null ? System.currentTimeMillis() : 0;
    this.receivedNanos = b.receivedNanos == 0 ? System.nanoTime() : b.receivedNanos;
    this.transport = b.transport == null ? "" : b.transport;
    this.mapper = b.mapper == null ? Json.mapper() : b.mapper;
  }

  /** The type of a message that named none (as SSE names an event without {@code event:}). */
  public static final String DEFAULT_TYPE = "message";

  /** A new builder; {@code data} or {@code bytes} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The message id, or null when the server sent none. */
  public String id() {
    return id;
  }

  /** The message type; {@value #DEFAULT_TYPE} when the server named none. Never null. */
  public String type() {
    return type;
  }

  /** The data as text (binary data decoded as UTF-8). Never null. */
  public String data() {
    return data != null ? data : new String(bytes, StandardCharsets.UTF_8);
  }

  /** A copy of the data as bytes (text encoded as UTF-8). Never null. */
  public byte[] bytes() {
    return bytes != null ? bytes.clone() : data.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The size of the data as held: characters of text data, bytes of binary data. Cheap (no copy);
   * what the delivery queue counts against {@code tidings.delivery.queue-bytes}.
   */
  public long size() {
    return data != null ? data.length() : bytes.length;
  }

  /** True when the message arrived as binary data (a binary WebSocket frame). */
  public boolean isBinary() {
    return bytes != null;
  }

  /** The sequence number, if the message has one. */
  public OptionalLong sequence() {
    return sequence == NO_SEQUENCE ? OptionalLong.empty() : OptionalLong.of(sequence);
  }

  /**
   * When the message was received from the network: the wall clock, to the millisecond, unless the
   * builder was given an instant. A new {@code Instant} per call when none was given (none is made
   * per message on the hot path).
   */
  public Instant receivedAt() {
    return receivedAt != null ? receivedAt : Instant.ofEpochMilli(receivedMillis);
  }

  /** {@link System#nanoTime()} when the message was received; for measuring delivery lag. */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** The name of the transport that carried it, such as {@code sse}. */
  public String transport() {
    return transport;
  }

  /**
   * Decodes the data as JSON into the given type.
   *
   * @throws DecodeException when the data is not valid JSON, or is JSON that does not fit the type
   */
  public <T> T as(Class<T> type) {
    Objects.requireNonNull(type, "type");
    try {
      return bytes != null ? mapper.readValue(bytes, type) : mapper.readValue(data, type);
    } catch (IOException e) {
      throw decodeFailure(type.getName(), e);
    }
  }

  /**
   * Decodes the data as JSON into the given generic type.
   *
   * @throws DecodeException when the data is not valid JSON, or is JSON that does not fit the type
   */
  public <T> T as(TypeReference<T> type) {
    Objects.requireNonNull(type, "type");
    try {
      return bytes != null ? mapper.readValue(bytes, type) : mapper.readValue(data, type);
    } catch (IOException e) {
      throw decodeFailure(type.getType().getTypeName(), e);
    }
  }

  private DecodeException decodeFailure(String target, IOException e) {
    String which = "Message " + (id == null ? "(no id)" : id);
    if (e instanceof JsonMappingException) { // the JSON parsed; its shape does not fit the type
      String why = ((JsonMappingException) e).getOriginalMessage();
      int eol = why == null ? -1 : why.indexOf('\n');
      return new DecodeException(
          which
              + "'s data is valid JSON but does not fit "
              + target
              + ": "
              + (eol < 0 ? why : why.substring(0, eol)),
          e);
    }
    return new DecodeException(
        which + "'s data is not valid JSON (decoding it as " + target + ")", e);
  }

  /** A new builder holding this message's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.type = type;
    b.data = data;
    b.bytes = bytes;
    b.sequence = sequence;
    b.receivedAt = receivedAt();
    b.receivedNanos = receivedNanos;
    b.transport = transport;
    b.mapper = mapper;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Message)) {
      return false;
    }
    Message m = (Message) o;
    return sequence == m.sequence
        && Objects.equals(id, m.id)
        && type.equals(m.type)
        && Objects.equals(data, m.data)
        && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, type, data, sequence) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    String text = data();
    return "Message{id="
        + id
        + ", type="
        + type
        + (sequence == NO_SEQUENCE ? "" : ", seq=" + sequence)
        + ", data="
        + (text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + " chars)" : text)
        + ", transport="
        + transport
        + '}';
  }

  /** Builds a {@link Message}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String type;
    private String data;
    private byte[] bytes;
    private long sequence = NO_SEQUENCE;
    private Instant receivedAt;
    private long receivedNanos;
    private String transport;
    private ObjectMapper mapper;

    private Builder() {}

    /** The id, or null. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The type, or null for {@value Message#DEFAULT_TYPE}. */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /** Text data; clears binary data. */
    public Builder data(String data) {
      this.data = Objects.requireNonNull(data, "data");
      this.bytes = null;
      return this;
    }

    /** Binary data (not copied: do not modify the array afterwards); clears text data. */
    public Builder bytes(byte[] bytes) {
      this.bytes = Objects.requireNonNull(bytes, "bytes");
      this.data = null;
      return this;
    }

    /** The sequence number. */
    public Builder sequence(long sequence) {
      if (sequence == NO_SEQUENCE) {
        throw new IllegalArgumentException("sequence " + sequence + " is reserved");
      }
      this.sequence = sequence;
      return this;
    }

    /** Removes the sequence number. */
    public Builder noSequence() {
      this.sequence = NO_SEQUENCE;
      return this;
    }

    /** When it was received; defaults to now. */
    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = receivedAt;
      return this;
    }

    /** {@link System#nanoTime()} at receipt; defaults to now. */
    public Builder receivedNanos(long receivedNanos) {
      this.receivedNanos = receivedNanos;
      return this;
    }

    /** The transport name. */
    public Builder transport(String transport) {
      this.transport = transport;
      return this;
    }

    /** The mapper {@link Message#as} decodes with; defaults to Tidings' shared mapper. */
    public Builder mapper(ObjectMapper mapper) {
      this.mapper = mapper;
      return this;
    }

    /** Builds the message. */
    public Message build() {
      if (data == null && bytes == null) {
        throw new IllegalStateException("a message needs data or bytes");
      }
      return new Message(this);
    }
  }
}
