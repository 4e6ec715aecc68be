package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void textWritesATreeAsToStringDoes() throws Exception {
    for (String json :
        new String[] {
          "{\"a\":1,\"b\":[true,null,2.50,\"x\\\"y\"],\"c\":{}}",
          "[1e3,-0,12345678901234567890]",
          "{\"ü\":\"\\u00e9\\t\\n\",\"emoji\":\"\\ud83d\\ude00\"}"
        }) {
      JsonNode node = Json.mapper().readTree(json);
      assertEquals(node.toString(), Json.text(node), json);
    }
  }

  @Test
  void parsersTakeTheirBuffersFromASharedPoolNotAPerThreadOne() {
    assertFalse(
        Json.mapper().getFactory()._getRecyclerPool() instanceof JsonRecyclerPools.ThreadLocalPool,
        "a per-thread pool keeps buffers for every reader thread that ever parsed");
  }
}
