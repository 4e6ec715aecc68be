package io.tidings.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireTest {
  @Test
  void utf8LengthIsTheEncodedLength() {
    for (String s :
        new String[] {
          "",
          "ascii {\"n\":1}",
          "\u00e9\u00df",
          "\u20ac\u65e5",
          "\ud83d\ude00 emoji",
          "lone \ud83d",
          "\ude00"
        }) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Wire.utf8Length(s), s);
    }
  }
}
