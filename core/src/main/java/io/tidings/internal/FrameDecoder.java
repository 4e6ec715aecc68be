package io.tidings.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.DecodeException;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.MessageTooLargeException;
import io.tidings.TidingsException;
import io.tidings.spi.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a transport's {@link Frame} into a {@link Message}, or a {@link Gap} for the reserved
 * {@value #GAP_TYPE} notice. Stateless apart from its configuration; thread-safe.
 */
final class FrameDecoder {
  /** The reserved message type of a server's gap notice (docs/PROTOCOL.md). */
  static final String GAP_TYPE = "tidings.gap";

  private final ObjectMapper mapper;
  private final MessageFormat format;
  private final long maxMessageSize;
  private final String transport;
  private final JsonCheck jsonCheck; // null: ask the mapper's own parser

  FrameDecoder(ObjectMapper mapper, MessageFormat format, long maxMessageSize, String transport) {
    this.mapper = mapper;
    this.format = format;
    this.maxMessageSize = maxMessageSize;
    this.transport = transport;
    this.jsonCheck = format == MessageFormat.JSON ? JsonCheck.forMapper(mapper) : null;
  }

  /**
   * Decodes one frame.
   *
   * @return a {@link Message} or a {@link Gap}
   * @throws TidingsException ({@link DecodeException}, {@link MessageTooLargeException}) when the
   *     frame cannot be delivered
   */
  Object decode(Frame frame, long receivedNanos) {
    checkSize(frame.size());
    switch (frame.kind()) {
      case EVENT:
        String id = frame.clearsLastId() ? null : frame.id();
        return event(id, frame.type(), frame.text(), receivedNanos);
      case ENVELOPE:
        return envelope(frame.node(), receivedNanos);
      case TEXT:
        if (format == MessageFormat.RAW) {
          return base(frame.id(), null, receivedNanos).data(frame.text()).build();
        }
        return envelope(parse(frame.text()), receivedNanos);
      case BINARY:
        if (frame.id() != null) {
          // A raw poll body whose id is the response's validators (ETag, Last-Modified): opaque
          // versions of a resource, never sequence numbers, even when they look like one.
          return base(frame.id(), null, false, receivedNanos).bytes(frame.bytes()).build();
        }
        if (format == MessageFormat.RAW) {
          return base(null, null, receivedNanos).bytes(frame.bytes()).build();
        }
        return envelope(parse(frame.bytes()), receivedNanos);
      default:
        throw new IllegalStateException("unknown frame kind " + frame.kind());
    }
  }

  /**
   * Decodes {@code Frame.event(id, type, data)} without the frame.
   *
   * @param id the event's own id: null for none, empty when it cleared the last id
   * @return a {@link Message} or a {@link Gap}
   * @throws TidingsException as {@link #decode}
   */
  Object decodeEvent(String id, String type, String data, long receivedNanos) {
    checkSize(data.length());
    return event(id == null || id.isEmpty() ? null : id, type, data, receivedNanos);
  }

  private void checkSize(long size) {
    if (size > maxMessageSize) {
      throw new MessageTooLargeException(
          maxMessageSize,
          "A message of "
              + size
              + " bytes exceeds tidings.max-message-size="
              + maxMessageSize
              + "; it was dropped. Raise tidings.max-message-size if such messages are expected.");
    }
  }

  private Object event(String id, String type, String data, long receivedNanos) {
    if (GAP_TYPE.equals(type)) {
      return gap(parse(data));
    }
    if (format == MessageFormat.JSON) {
      String content = validateJson(data, id);
      if (content != null) {
        data = content; // a JSON string's content, as from an envelope (docs/PROTOCOL.md)
      }
    }
    return base(id, type, receivedNanos).data(data).build();
  }

  private Object envelope(JsonNode node, long receivedNanos) {
    if (node == null || !node.isObject()) {
      throw new DecodeException(
          "Expected a JSON object envelope {\"id\",\"type\",\"data\"} but got "
              + (node == null ? "nothing" : node.getNodeType())
              + "; set tidings.format=raw if the server sends plain data",
          null);
    }
    String type = scalar(node, "type", "a string");
    if (GAP_TYPE.equals(type)) {
      return gap(node.get("data"));
    }
    String id = scalar(node, "id", "a string or a number");
    Message.Builder b = base(id, type, receivedNanos);
    JsonNode seq = node.get("seq");
    if (seq != null && !seq.isNull()) {
      if (!seq.canConvertToLong() || !seq.isIntegralNumber()) {
        throw new DecodeException(
            "Message " + id + " has a non-integer seq: " + abbreviate(seq.toString()), null);
      }
      b.sequence(seq.asLong());
    }
    JsonNode data = node.get("data");
    if (data == null) {
      throw new DecodeException(
          "Message "
              + (id == null ? "(no id)" : id)
              + " is a JSON object without a \"data\" field, so not a Tidings envelope"
              + " {\"id\",\"type\",\"data\"}: "
              + abbreviate(node.toString())
              + ". Set tidings.format=raw to receive each frame or body as it is.",
          null);
    }
    b.data(data.isNull() ? "null" : data.isTextual() ? data.asText() : Json.text(data));
    return b.build();
  }

  /**
   * An envelope's {@code id} or {@code type}: null when absent or null, the text of a string, or
   * (for {@code id}) the digits of an integer. Anything else (an object, an array, a boolean, a
   * fraction) is refused: read as text it would become {@code ""} or {@code "true"}, and every
   * later message with a wrong-typed id would be dropped as its duplicate.
   */
  private static String scalar(JsonNode node, String field, String expected) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if ("id".equals(field) && v.isIntegralNumber()) {
      return v.asText();
    }
    throw new DecodeException(
        "An envelope's \""
            + field
            + "\" is "
            + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
            + " "
            + abbreviate(v.toString())
            + ", expected "
            + expected
            + "; the message was dropped. Fix the server's envelopes, or set tidings.format=raw"
            + " to receive the data as it is",
        null);
  }

  private Message.Builder base(String id, String type, long receivedNanos) {
    return base(id, type, true, receivedNanos);
  }

  private Message.Builder base(String id, String type, boolean sequenceFromId, long receivedNanos) {
    Message.Builder b =
        Message.builder()
            .id(id)
            .type(type)
            .transport(transport)
            .mapper(mapper)
            .receivedNanos(receivedNanos); // receivedAt: the wall clock in ms, no Instant made
    long seq = sequenceFromId ? decimal(id) : Long.MIN_VALUE;
    if (seq != Long.MIN_VALUE) {
      b.sequence(seq);
    }
    return b;
  }

  private static Gap gap(JsonNode data) {
    long first =
        data != null && data.has("firstMissing")
            ? data.get("firstMissing").asLong()
            : Long.MIN_VALUE;
    long last =
        data != null && data.has("lastMissing") ? data.get("lastMissing").asLong() : Long.MIN_VALUE;
    return new Gap(Gap.Reason.HISTORY_LOST, first, last, null);
  }

  /** The id as a sequence number when it is a plain decimal, else {@link Long#MIN_VALUE}. */
  static long decimal(String id) {
    if (id == null || id.isEmpty() || id.length() > 18) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MIN_VALUE;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private JsonNode parse(String text) {
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      throw new DecodeException(
          "Invalid JSON in a message: "
              + abbreviate(text)
              + ". With tidings.format=json each frame must be a JSON envelope"
              + " {\"id\",\"type\",\"data\"}; set tidings.format=raw if the server sends plain"
              + " text.",
          e);
    }
  }

  private JsonNode parse(byte[] bytes) {
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      throw new DecodeException(
          "Invalid JSON in a binary message: "
              + abbreviate(
                  new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8))
              + ". Set tidings.format=raw if the server sends binary data that is not a JSON"
              + " envelope.",
          e);
    }
  }

  /**
   * Checks that {@code data} is one JSON value: with {@link JsonCheck} (no allocation) when the
   * mapper's parser is Jackson's default one, else with the mapper's parser.
   *
   * @return the content of a JSON string, or null when the value is not a string
   */
  private String validateJson(String data, String id) {
    if (jsonCheck != null) {
      try {
        return jsonCheck.check(data);
      } catch (JsonCheck.Invalid e) {
        throw notJson(data, id, e.getMessage(), e);
      } catch (JsonCheck.Undecided e) {
        // A number near Jackson's length limit (never in practice): Jackson decides below.
      }
    }
    try (JsonParser p = mapper.getFactory().createParser(data)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IOException("empty data");
      }
      String content = first == JsonToken.VALUE_STRING ? p.getText() : null;
      p.skipChildren();
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new IOException("unexpected " + trailing + " after the JSON value");
      }
      return content;
    } catch (IOException e) {
      throw notJson(data, id, e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static DecodeException notJson(String data, String id, String problem, Throwable e) {
    return new DecodeException(
        "Message "
            + (id == null ? "(no id)" : id)
            + " has data that is not JSON ("
            + problem
            + "): "
            + abbreviate(data)
            + ". Set tidings.format=raw for non-JSON data.",
        e);
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
