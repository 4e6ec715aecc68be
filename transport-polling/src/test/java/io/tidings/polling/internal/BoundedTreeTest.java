package io.tidings.polling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedTreeTest {
  private static final String[] VALUES = {
    "{\"id\":\"7\",\"type\":\"t\",\"data\":{\"a\":[1,2.5,-3e2,null,true,false,\"x\"],\"b\":{}}}",
    "{\"id\":12345678901,\"data\":[[],[{}],{\"n\":123456789012345678901234567890}]}",
    "{\"data\":\"dup\",\"data\":\"last wins\"}",
    "{\"data\":1.00000000000000000000001,\"e\":\"\\u00e9\\n\"}",
    "[1,{\"a\":[2,[3]]},\"s\"]",
    "\"just a string\"",
    "42",
  };

  @Test
  void buildsTheSameTreeAsReadTree() throws Exception {
    ObjectMapper plain = new ObjectMapper();
    ObjectMapper decimals =
        new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    for (ObjectMapper mapper : new ObjectMapper[] {plain, decimals}) {
      for (String value : VALUES) {
        JsonNode expected = mapper.readTree(value);
        JsonNode actual = read(mapper, value, 1 << 20);
        assertEquals(expected, actual, value);
        assertEquals(expected.toString(), actual.toString(), value);
      }
    }
  }

  @Test
  void leavesTheParserOnTheValuesLastTokenSoTheNextElementFollows() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    BoundedTree tree = new BoundedTree(mapper);
    try (JsonParser p =
        mapper.createParser("[{\"a\":[1]},{\"b\":2},3]".getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      p.nextToken();
      assertEquals("{\"a\":[1]}", tree.read(p, 1, 100).toString());
      p.nextToken();
      assertEquals("{\"b\":2}", tree.read(p, 11, 100).toString());
      p.nextToken();
      assertEquals("3", tree.read(p, 19, 100).toString());
      assertEquals(JsonToken.END_ARRAY, p.nextToken());
    }
  }

  @Test
  void aValueOverTheLimitIsSkippedWhole() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    BoundedTree tree = new BoundedTree(mapper);
    String big = "{\"data\":[" + "1,".repeat(5000) + "{\"deep\":[[[2]]]}]}";
    try (JsonParser p =
        mapper.createParser(("[" + big + ",{\"data\":3}]").getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      p.nextToken();
      assertNull(tree.read(p, 1, 100));
      p.nextToken();
      assertEquals("{\"data\":3}", tree.read(p, 1 + big.length() + 1, 100).toString());
      assertEquals(JsonToken.END_ARRAY, p.nextToken());
    }
  }

  @Test
  void anInputEndingInsideTheValueIsAnIoException() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    BoundedTree tree = new BoundedTree(mapper);
    try (JsonParser p = mapper.createParser("{\"data\":[1,2".getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      assertThrows(java.io.IOException.class, () -> tree.read(p, 0, 100));
    }
  }

  private static JsonNode read(ObjectMapper mapper, String value, long limit) throws Exception {
    try (JsonParser p = mapper.createParser(value.getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      JsonNode node = new BoundedTree(mapper).read(p, 0, limit);
      assertNull(p.nextToken(), "the whole value was read");
      return node;
    }
  }
}
