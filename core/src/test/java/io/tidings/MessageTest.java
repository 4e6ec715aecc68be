package io.tidings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTest {
  record Tick(int n, String sym) {}

  @Test
  void decodesJsonDataIntoTypes() {
    Message m = Message.builder().id("7").data("{\"n\":7,\"sym\":\"ACME\",\"extra\":1}").build();
    assertEquals(new Tick(7, "ACME"), m.as(Tick.class));
    Map<String, Object> map = m.as(new TypeReference<Map<String, Object>>() {});
    assertEquals(7, map.get("n"));
    assertEquals(
        List.of(1, 2),
        Message.builder()
            .bytes("[1,2]".getBytes(StandardCharsets.UTF_8))
            .build()
            .as(new TypeReference<List<Integer>>() {}));
  }

  @Test
  void badJsonIsADecodeExceptionNamingTheMessage() {
    Message m = Message.builder().id("9").data("not json").build();
    DecodeException e = assertThrows(DecodeException.class, () -> m.as(Tick.class));
    assertTrue(e.getMessage().contains("Message 9"), e.getMessage());
    assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
  }

  @Test
  void validJsonOfTheWrongShapeSaysSoRatherThanNotJson() {
    Message m = Message.builder().id("10").data("{\"n\":\"ten\",\"sym\":\"ACME\"}").build();
    DecodeException e = assertThrows(DecodeException.class, () -> m.as(Tick.class));
    assertTrue(
        e.getMessage().startsWith("Message 10's data is valid JSON but does not fit "),
        e.getMessage());
    assertTrue(e.getMessage().contains("Tick"), e.getMessage());
    assertFalse(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void textAndBytesConvert() {
    Message text = Message.builder().data("héllo").build();
    assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), text.bytes());
    Message binary = Message.builder().bytes("héllo".getBytes(StandardCharsets.UTF_8)).build();
    assertEquals("héllo", binary.data());
    assertTrue(binary.isBinary());
    assertEquals(Message.DEFAULT_TYPE, text.type());
    assertTrue(text.sequence().isEmpty());
  }

  @Test
  void toStringAbbreviatesLongData() {
    Message m = Message.builder().id("1").data("x".repeat(10_000)).build();
    assertTrue(m.toString().length() < 400, m.toString());
  }
}
