package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.spi.Frame;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What {@code data()} means, the same on every transport (docs/PROTOCOL.md, issue 10). */
class FrameDecoderDataTest {
  private static final long MAX = 1 << 20;

  private static FrameDecoder decoder(MessageFormat format) {
    return new FrameDecoder(Json.mapper(), format, MAX, "test");
  }

  private static Message decode(MessageFormat format, Frame frame) {
    return (Message) decoder(format).decode(frame, System.nanoTime());
  }

  @Test
  void aJsonStringIsItsContentInAnSseEventAsInAnEnvelope() {
    String json = "\"hello \\\"world\\\"\"";
    Message sse = decode(MessageFormat.JSON, Frame.event("1", null, json));
    Message ws = decode(MessageFormat.JSON, Frame.text("{\"id\":\"1\",\"data\":" + json + "}"));
    assertEquals("hello \"world\"", sse.data());
    assertEquals(ws.data(), sse.data());
  }

  @Test
  void anSseServerThatSendsTextAsAJsonStringIsDeliveredWithoutTheQuotes() {
    // What common SSE server libraries send for a string: data: "m0"
    assertEquals("m0", decode(MessageFormat.JSON, Frame.event("1", null, "\"m0\"")).data());
    assertEquals("m0", decode(MessageFormat.JSON, Frame.event("1", null, " \"m0\" ")).data());
  }

  @Test
  void otherJsonValuesInAnSseEventStayTheirJsonText() {
    assertEquals(
        "{\"n\":1}", decode(MessageFormat.JSON, Frame.event("1", null, "{\"n\":1}")).data());
    assertEquals("42", decode(MessageFormat.JSON, Frame.event("1", null, "42")).data());
    assertEquals("null", decode(MessageFormat.JSON, Frame.event("1", null, "null")).data());
  }

  @Test
  void rawSseDataIsAsSent() {
    assertEquals("\"m0\"", decode(MessageFormat.RAW, Frame.event("1", null, "\"m0\"")).data());
  }

  @Test
  void anEnvelopeWithoutADataFieldIsAnErrorThatSaysWhatWasExpected() {
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () ->
                decode(MessageFormat.JSON, Frame.text("{\"event\":\"tick\",\"payload\":\"m0\"}")));
    assertTrue(e.getMessage().contains("without a \"data\" field"), e.getMessage());
    assertTrue(e.getMessage().contains("tidings.format=raw"), e.getMessage());
    assertTrue(e.getMessage().contains("payload"), "shows what came: " + e.getMessage());
  }

  @Test
  void anExplicitNullDataIsTheJsonTextNull() {
    assertEquals(
        "null", decode(MessageFormat.JSON, Frame.text("{\"id\":\"1\",\"data\":null}")).data());
  }

  @Test
  void aTextFrameThatIsNotJsonSuggestsTheRawFormat() {
    DecodeException e =
        assertThrows(DecodeException.class, () -> decode(MessageFormat.JSON, Frame.text("hello")));
    assertTrue(e.getMessage().contains("tidings.format=raw"), e.getMessage());
  }

  @Test
  void aRawValidatorIdIsNeverASequenceNumber() {
    // nchan's Etag restarts at 0 every second: it is a version, not a position in a feed.
    Message m =
        decode(MessageFormat.RAW, Frame.rawWithId("0", "m".getBytes(StandardCharsets.UTF_8)));
    assertEquals("0", m.id());
    assertEquals(OptionalLong.empty(), m.sequence());
  }

  @Test
  void decodeEventDecodesAsAnEventFrameDoes() {
    String[][] events = {
      {"7", "tick", "{\"n\":1}"},
      {"", null, "\"cleared\""},
      {null, "tidings.gap", "{}"},
      {"x1", null, "42"}
    };
    for (MessageFormat format : MessageFormat.values()) {
      FrameDecoder d = decoder(format);
      for (String[] e : events) {
        Object viaFrame = d.decode(Frame.event(e[0], e[1], e[2]), 1L);
        Object direct = d.decodeEvent(e[0], e[1], e[2], 1L);
        assertEquals(viaFrame.getClass(), direct.getClass(), e[2]);
        if (viaFrame instanceof Message) {
          Message a = (Message) viaFrame;
          Message b = (Message) direct;
          assertEquals(a, b);
          assertEquals(a.type(), b.type());
          assertEquals(a.sequence(), b.sequence());
        }
      }
      if (format == MessageFormat.JSON) {
        assertThrows(DecodeException.class, () -> d.decodeEvent("1", null, "{bad", 1L));
      }
    }
    FrameDecoder small = new FrameDecoder(Json.mapper(), MessageFormat.JSON, 3, "test");
    assertThrows(
        io.tidings.MessageTooLargeException.class, () -> small.decodeEvent("1", null, "1234", 1L));
  }
}
