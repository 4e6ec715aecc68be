package io.tidings.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The wire forms of docs/PROTOCOL.md. Stateless. */
final class Wire {
  static final String GAP_TYPE = "tidings.gap";
  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String NOT_JSON = "this is not JSON: {oops";
  private static final String BROKEN_ENVELOPE = "{\"id\":\"x\",\"type\":\"tick\",\"data\":{\"n\":";
  private static final String BAD_BATCH_ELEMENT = "\"tidings-testkit: not an envelope\"";
  private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};

  /**
   * {@link io.tidings.testkit.Malformed#BAD_SSE_LINES}: a block of lines to ignore, ended by a
   * blank line, then lines to ignore inside the next event. No line is a {@code data} field.
   */
  private static final byte[] BAD_SSE_LINES =
      ("tidings-unknown-field-without-colon\r"
              + "retry: abc\n"
              + "id: 7\u00003\n"
              + "}{ garbage ][: (no such field) \n"
              + "\n"
              + "%%% garbage line %%%\r"
              + "retry: 12three\n"
              + "id: 9\u0000\n")
          .getBytes(StandardCharsets.UTF_8);

  private Wire() {}

  /** The length of {@code text} encoded as UTF-8, without encoding it: what goes on the wire. */
  static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++; // a lone surrogate is encoded as '?'
      } else {
        n += 3;
      }
    }
    return n;
  }

  static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String envelope(String id, String type, long seq, String dataJson) {
    return "{\"id\":"
        + quote(id)
        + ",\"type\":"
        + quote(type)
        + ",\"seq\":"
        + seq
        + ",\"data\":"
        + dataJson
        + "}";
  }

  static String gapData(long first, long last) {
    return "{\"firstMissing\":" + first + ",\"lastMissing\":" + last + "}";
  }

  static String gapEnvelope(long first, long last) {
    return "{\"type\":\"" + GAP_TYPE + "\",\"data\":" + gapData(first, last) + "}";
  }

  static byte[] sseGap(long first, long last) {
    return ("event: " + GAP_TYPE + "\ndata: " + gapData(first, last) + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String big(int size) {
    char[] c = new char[Math.max(0, size)];
    Arrays.fill(c, 'x');
    return new String(c);
  }

  /** An SSE event carrying the malformed item (no id). */
  static byte[] sseMalformed(MalformedItem item) {
    switch (item.kind()) {
      case INVALID_UTF8:
        byte[] head = "event: tick\ndata: ".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + INVALID_UTF8.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(INVALID_UTF8, 0, out, head.length, INVALID_UTF8.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
      case OVERSIZED:
        return ("event: tick\ndata: \"" + big(item.size() - 2) + "\"\n\n")
            .getBytes(StandardCharsets.UTF_8);
      case BROKEN_JSON:
        return ("event: tick\ndata: {\"n\":\n\n").getBytes(StandardCharsets.UTF_8);
      case BAD_SSE_LINES:
        return BAD_SSE_LINES.clone();
      case NOT_JSON:
      default:
        return ("event: tick\ndata: " + NOT_JSON + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Whether the item is sent over WebSocket and polls ({@code BAD_SSE_LINES} is not). */
  static boolean beyondSse(MalformedItem item) {
    return item.kind() != io.tidings.testkit.Malformed.BAD_SSE_LINES;
  }

  /** A WebSocket frame payload: a String for a text frame, a byte[] for a binary one. */
  static Object webSocketMalformed(MalformedItem item) {
    switch (item.kind()) {
      case INVALID_UTF8:
        return INVALID_UTF8.clone();
      case OVERSIZED:
        String head = "{\"type\":\"tick\",\"data\":\"";
        return head + big(item.size() - head.length() - 2) + "\"}";
      case BROKEN_JSON:
        return BROKEN_ENVELOPE;
      case NOT_JSON:
      default:
        return NOT_JSON;
    }
  }

  /** An element of a poll batch: the batch itself stays valid JSON. */
  static String batchMalformed(MalformedItem item) {
    if (item.kind() == io.tidings.testkit.Malformed.OVERSIZED) {
      String head = "{\"type\":\"tick\",\"data\":\"";
      return head + big(item.size() - head.length() - 2) + "\"}";
    }
    return BAD_BATCH_ELEMENT;
  }

  /** A poll batch {@code {"messages":[...],"cursor":"..","more":bool}}. */
  static String batch(Fetch fetch, String cursor) {
    StringBuilder sb = new StringBuilder(256).append("{\"messages\":[");
    boolean first = true;
    if (fetch.hasGap()) {
      sb.append(gapEnvelope(fetch.gapFirst(), fetch.gapLast()));
      first = false;
    }
    for (StoredMessage m : fetch.messages()) {
      for (MalformedItem bad : m.before) {
        if (beyondSse(bad)) {
          sb.append(first ? "" : ",").append(batchMalformed(bad));
          first = false;
        }
      }
      sb.append(first ? "" : ",").append(m.envelope);
      first = false;
    }
    sb.append("],\"cursor\":")
        .append(cursor == null ? "null" : quote(cursor))
        .append(",\"more\":")
        .append(fetch.more())
        .append('}');
    return sb.toString();
  }

  static String publishedJson(List<String> ids) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", ids.isEmpty() ? null : ids.get(ids.size() - 1));
    ids.forEach(n.putArray("ids")::add);
    return n.toString();
  }
}
