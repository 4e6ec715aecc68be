package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.DecodeException;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.spi.Frame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonCheck} accepts exactly what Jackson's default parser accepts (the check it replaces:
 * createParser, nextToken, skipChildren, nothing after), and gives a root string's content as
 * Jackson's getText() does: side by side on hand-picked documents, on every short string over an
 * alphabet of JSON's significant characters, on random valid documents and random mutations of
 * them, and at the limits of Jackson's {@link StreamReadConstraints}.
 */
class JsonCheckTest {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final JsonCheck CHECK = JsonCheck.forMapper(MAPPER);
  private static final String INVALID = "<invalid>";
  private static final String VALID = "<valid, not a string>";

  /** Jackson's verdict: INVALID, VALID, or the content of a root string. */
  private static String jackson(ObjectMapper mapper, String text) {
    try (JsonParser p = mapper.getFactory().createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return INVALID;
      }
      String content = first == JsonToken.VALUE_STRING ? p.getText() : null;
      p.skipChildren();
      if (p.nextToken() != null) {
        return INVALID;
      }
      return content == null ? VALID : content;
    } catch (IOException e) {
      return INVALID;
    }
  }

  private static String jacksonError(String text) {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      p.nextToken();
      p.skipChildren();
      return "next " + p.nextToken();
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private static String ours(ObjectMapper mapper, JsonCheck check, String text) {
    try {
      String content = check.check(text);
      return content == null ? VALID : content;
    } catch (JsonCheck.Invalid e) {
      assertTrue(e.offset >= 0 && e.offset <= text.length(), e.getMessage());
      return INVALID;
    } catch (JsonCheck.Undecided e) {
      return jackson(mapper, text); // as FrameDecoder does
    }
  }

  private static void same(String text) {
    same(MAPPER, CHECK, text);
  }

  private static void same(ObjectMapper mapper, JsonCheck check, String text) {
    assertEquals(jackson(mapper, text), ours(mapper, check, text), () -> "for " + show(text));
  }

  private static String show(String text) {
    String s = text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + ")" : text;
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append('"').toString();
  }

  @Test
  void handPickedDocumentsGetJacksonsVerdict() {
    String[] docs = {
      "",
      " ",
      "\t\n\r ",
      "{}",
      "[]",
      " {} ",
      "{} ",
      "{}x",
      "{}{}",
      "[] []",
      "1 2",
      "{\"a\":1}",
      "{\"a\":1,}",
      "[1,]",
      "[,1]",
      "[1,,2]",
      "{,}",
      "{\"a\"}",
      "{\"a\":}",
      "{\"a\" 1}",
      "{a:1}",
      "{'a':1}",
      "['a']",
      "{\"a\":1 \"b\":2}",
      "{\"a\":[1,{\"b\":null}],\"c\":{}}",
      "[}",
      "{]",
      "[[]",
      "[]]",
      "{\"a\":1}}",
      "true",
      "false",
      "null",
      "tru",
      "truex",
      "nul",
      "True",
      "NULL",
      "[true,false,null]",
      "[truefalse]",
      "0",
      "-0",
      "01",
      "-01",
      "00",
      "0.0",
      "0.",
      ".5",
      "-.5",
      "1e5",
      "1E5",
      "1e+5",
      "1e-5",
      "1e",
      "1e+",
      "-",
      "+1",
      "1.5e3",
      "-1.5E-3",
      "1.e3",
      "0x10",
      "NaN",
      "Infinity",
      "-Infinity",
      "1x",
      "[1x]",
      "1-2",
      "[1-2]",
      "2.",
      "[2.]",
      "1.2.3",
      "1ee2",
      "\"\"",
      "\"a\"",
      "\"a",
      "a\"",
      "\"\\\"\"",
      "\"\\\\\"",
      "\"\\/\"",
      "\"\\b\\f\\n\\r\\t\"",
      "\"\\u00e9\"",
      "\"\\u00E9\"",
      "\"\\u00g9\"",
      "\"\\u00\"",
      "\"\\u\"",
      "\"\\x\"",
      "\"\\'\"",
      "\"\\a\"",
      "\"\\0\"",
      "\"\\\"",
      "\"\\",
      "\"tab\there\"",
      "\"nl\nhere\"",
      "\"\u0000\"",
      "\"\u001f\"",
      "\"\u007f\"",
      "\"\u2028\"",
      "\"é😀\"",
      "\"\ud800\"",
      "\"\udc00x\"",
      "\"\\ud800\"",
      "\"\\udc00\\ud800\"",
      "\"\\ud83d\\ude00\"",
      "\"\\uD83D\\uDE00\"",
      "\"\\uFFFF\"",
      "\"\\u0000\"",
      "\"\\u١٢٣٤\"",
      "\ufeff{}",
      "{}\ufeff",
      "\u00a0{}",
      "{}\u0000",
      "\u0000",
      "\u000b{}",
      "\f{}",
      "/*c*/{}",
      "{}//c",
      "#c\n{}",
      "[1]\n",
      "\r\n[1]\r\n",
      "{\"a\":\"b\",\"a\":\"c\"}",
      "{\"\":0}",
      "[[[[[[[[[[]]]]]]]]]]",
      "[\"a\",\"b\"",
      "\"a\" \"b\"",
      "{\"a\":1}\n{\"b\":2}",
      "[1]]",
      "[-]",
      "[-1]",
      "[1e05]",
      "[1E-0]",
      "{\"a\":-}",
      "\"\\u12\"",
      "\"\\uD800\\u\"",
      "[\"\\u0041\"]",
      "{\"\\u0061\":1}",
      "{\"a\\nb\":1}",
      "{\"a\nb\":1}"
    };
    for (String d : docs) {
      same(d);
    }
  }

  @Test
  void escapedSurrogatesInNamesAndValuesGetJacksonsVerdict() {
    String h = "\\ud800";
    String l = "\\udc00";
    String[] strings = {
      h,
      l,
      h + l,
      h + "x",
      h + "\\u0041",
      h + "\\\\",
      h + "\\n",
      "\ud800",
      "\ud800" + l,
      h + "\udc00",
      l + h,
      h + h + l,
      "a" + h,
      h + l + h,
      "\\uDBFF\\uDFFF",
      "\\uDBFF\\uE000",
      "\\uD7FF",
      "\\uE000",
      h + "\\\"",
      "\\uDBFF\\uDC00",
      "\\uDC00\\uDFFF"
    };
    for (String s : strings) {
      same("{\"" + s + "\":1}");
      same("[\"" + s + "\"]");
      same("\"" + s + "\"");
      same("{\"a\":{\"" + s + "\":[]}}");
    }
  }

  @Test
  void everyShortStringOverJsonsSignificantCharactersGetsJacksonsVerdict() {
    char[] alphabet = "[]{}\":,01-.e \\tu".toCharArray();
    char[] buf = new char[4];
    int checked = 0;
    for (int len = 0; len <= 4; len++) {
      int total = (int) Math.pow(alphabet.length, len);
      for (int code = 0; code < total; code++) {
        int c = code;
        for (int k = 0; k < len; k++) {
          buf[k] = alphabet[c % alphabet.length];
          c /= alphabet.length;
        }
        same(new String(buf, 0, len));
        checked++;
      }
    }
    assertEquals(1 + 16 + 256 + 4096 + 65536, checked);
  }

  @Test
  void randomValidDocumentsAndTheirMutationsGetJacksonsVerdict() {
    Random random = new Random(20261203);
    int valid = 0;
    int invalid = 0;
    for (int doc = 0; doc < 3000; doc++) {
      StringBuilder b = new StringBuilder();
      space(random, b);
      value(random, b, 0);
      space(random, b);
      String text = b.toString();
      assertTrue(
          jackson(MAPPER, text) != INVALID,
          () -> "generator made " + show(text) + ": " + jacksonError(text));
      same(text);
      valid++;
      for (int m = 0; m < 10; m++) {
        String mutated = mutate(random, text);
        same(mutated);
        if (jackson(MAPPER, mutated) == INVALID) {
          invalid++;
        }
      }
    }
    assertTrue(valid == 3000 && invalid > 10_000, "valid " + valid + ", invalid " + invalid);
  }

  @Test
  void nestingUpToJacksonsDepthLimitAndNotBeyond() {
    int max = StreamReadConstraints.DEFAULT_MAX_DEPTH;
    for (int depth : new int[] {1, 63, 64, 65, 127, 128, 129, max - 1, max, max + 1, 3000}) {
      same("[".repeat(depth) + "]".repeat(depth));
      same("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
      same(mixed(depth, true));
      same(mixed(depth, false)); // closes one object with ']'
      same("[".repeat(depth) + "]".repeat(depth - 1)); // one short
    }
  }

  /** Objects and arrays alternating, depth levels deep; optionally closed right. */
  private static String mixed(int depth, boolean right) {
    StringBuilder b = new StringBuilder();
    for (int d = 0; d < depth; d++) {
      b.append(d % 3 == 0 ? "[0," : "{\"k\":");
    }
    b.append("null");
    for (int d = depth - 1; d >= 0; d--) {
      char close = d % 3 == 0 ? ']' : '}';
      if (!right && d == depth / 2) {
        close = close == ']' ? '}' : ']';
      }
      b.append(close);
    }
    return b.toString();
  }

  @Test
  void numbersUpToJacksonsLengthLimitAndNotBeyond() {
    int max = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;
    for (int len : new int[] {max - 1, max, max + 1}) {
      String digits = "1" + "2".repeat(len - 1);
      same(digits);
      same("-" + digits);
      same("[" + digits + "]");
      same("0." + "5".repeat(len - 1));
      same("0." + "5".repeat(len));
      same("1e" + "1".repeat(len - 1));
      same("1." + "2".repeat(len / 2) + "e" + "3".repeat(len / 2));
      same("{\"n\":" + digits + ".5}");
    }
  }

  @Test
  void namesAndRootStringsAtJacksonsLengthLimits() {
    ObjectMapper small =
        new ObjectMapper(
            JsonFactory.builder()
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxStringLength(100)
                        .maxNameLength(20)
                        .maxNestingDepth(70)
                        .maxNumberLength(10)
                        .build())
                .build());
    JsonCheck check = JsonCheck.forMapper(small);
    assertNotNull(check);
    for (int len : new int[] {19, 20, 21, 99, 100, 101}) {
      String s = "a".repeat(len);
      String escaped = "\\u0061".repeat(len);
      same(small, check, "\"" + s + "\"");
      same(small, check, "\"" + escaped + "\"");
      same(small, check, "[\"" + s + "\"]");
      same(small, check, "{\"" + s + "\":1}");
      same(small, check, "{\"" + escaped + "\":1}");
    }
    for (int depth : new int[] {64, 65, 69, 70, 71}) {
      same(small, check, "[".repeat(depth) + "]".repeat(depth));
    }
    for (int len : new int[] {9, 10, 11}) {
      same(small, check, "9".repeat(len));
      same(small, check, "0." + "9".repeat(len));
    }
    int name = StreamReadConstraints.DEFAULT_MAX_NAME_LEN;
    for (int len : new int[] {name, name + 1}) {
      same("{\"" + "n".repeat(len) + "\":0}");
    }
  }

  @Test
  void onlyNumbersNearTheLengthLimitAreLeftToJackson() throws Exception {
    int max = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;
    assertNull(CHECK.check("[" + "7".repeat(max - 2) + ", 0." + "1".repeat(max - 3) + "]"));
    for (String n : new String[] {"7".repeat(max - 1), "0." + "1".repeat(max), "9".repeat(5000)}) {
      assertThrows(JsonCheck.Undecided.class, () -> CHECK.check("{\"n\":" + n + "}"));
    }
  }

  @Test
  void aMapperWithNonDefaultParserFeaturesIsLeftToJackson() {
    assertNotNull(JsonCheck.forMapper(new ObjectMapper()));
    assertNull(JsonCheck.forMapper(new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS)));
    assertNull(
        JsonCheck.forMapper(
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)));
    assertNotNull(
        JsonCheck.forMapper(new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)));

    ObjectMapper lenient = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);
    FrameDecoder decoder = new FrameDecoder(lenient, MessageFormat.JSON, 1 << 20, "test");
    Message m = (Message) decoder.decode(Frame.event("1", null, "/* c */ {\"a\":1}"), 0);
    assertEquals("/* c */ {\"a\":1}", m.data());
  }

  @Test
  void invalidDataIsADecodeExceptionNamingTheProblemAndWhere() {
    FrameDecoder decoder = new FrameDecoder(MAPPER, MessageFormat.JSON, 1 << 20, "test");
    DecodeException e =
        assertThrows(
            DecodeException.class, () -> decoder.decode(Frame.event("7", null, "{\"a\":1} x"), 0));
    assertTrue(
        e.getMessage().contains("Message 7 has data that is not JSON (unexpected 'x' after"),
        e.getMessage());
    assertTrue(e.getMessage().contains("at offset 8"), e.getMessage());
    assertTrue(e.getMessage().contains("tidings.format=raw"), e.getMessage());
    DecodeException deep =
        assertThrows(
            DecodeException.class,
            () -> decoder.decode(Frame.event("8", null, "[".repeat(5000)), 0));
    assertTrue(deep.getMessage().contains("nesting deeper than 1000"), deep.getMessage());
  }

  // ---- generator

  private static final String[] STRING_PIECES = {
    "a",
    "Z",
    " ",
    "é",
    "😀",
    "\u2028",
    "\u007f",
    "\ud800",
    "\udfff",
    "\\\"",
    "\\\\",
    "\\/",
    "\\b",
    "\\f",
    "\\n",
    "\\r",
    "\\t",
    "\\u0041",
    "\\u00e9",
    "\\uD83D\\uDE00",
    "\\ud800",
    "\\uDC00",
    "\\u0000",
    "{",
    "]",
    ":",
    ","
  };

  private static void value(Random r, StringBuilder b, int depth) {
    int kind = depth > 6 ? 2 + r.nextInt(5) : r.nextInt(7);
    switch (kind) {
      case 0:
        b.append('{');
        space(r, b);
        int members = r.nextInt(4);
        for (int k = 0; k < members; k++) {
          if (k > 0) {
            b.append(',');
            space(r, b);
          }
          string(r, b, true);
          space(r, b);
          b.append(':');
          space(r, b);
          value(r, b, depth + 1);
          space(r, b);
        }
        b.append('}');
        break;
      case 1:
        b.append('[');
        space(r, b);
        int items = r.nextInt(4);
        for (int k = 0; k < items; k++) {
          if (k > 0) {
            b.append(',');
            space(r, b);
          }
          value(r, b, depth + 1);
          space(r, b);
        }
        b.append(']');
        break;
      case 2:
      case 3:
        string(r, b, false);
        break;
      case 4:
      case 5:
        number(r, b);
        break;
      default:
        b.append(new String[] {"true", "false", "null"}[r.nextInt(3)]);
    }
  }

  /** A string; a member name gets no lone escaped surrogate (Jackson rejects one there). */
  private static void string(Random r, StringBuilder b, boolean name) {
    b.append('"');
    int pieces = r.nextInt(6);
    for (int k = 0; k < pieces; k++) {
      String piece = STRING_PIECES[r.nextInt(STRING_PIECES.length)];
      if (!name || !(piece.equals("\\ud800") || piece.equals("\\uDC00"))) {
        b.append(piece);
      }
    }
    b.append('"');
  }

  private static void number(Random r, StringBuilder b) {
    if (r.nextBoolean()) {
      b.append('-');
    }
    if (r.nextInt(4) == 0) {
      b.append('0');
    } else {
      b.append((char) ('1' + r.nextInt(9)));
      for (int k = r.nextInt(5); k > 0; k--) {
        b.append((char) ('0' + r.nextInt(10)));
      }
    }
    if (r.nextInt(3) == 0) {
      b.append('.');
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        b.append((char) ('0' + r.nextInt(10)));
      }
    }
    if (r.nextInt(4) == 0) {
      b.append(r.nextBoolean() ? 'e' : 'E');
      if (r.nextBoolean()) {
        b.append(r.nextBoolean() ? '+' : '-');
      }
      for (int k = 1 + r.nextInt(2); k > 0; k--) {
        b.append((char) ('0' + r.nextInt(10)));
      }
    }
  }

  private static void space(Random r, StringBuilder b) {
    if (r.nextInt(3) == 0) {
      b.append(" \t\n\r".charAt(r.nextInt(4)));
    }
  }

  private static final String MUTATION_CHARS =
      "{}[]\":,.-+eE0123456789 \t\n\r\\/uxtfnal'\u0000\u001f\u00a0\ufeff\ud800";

  private static String mutate(Random r, String text) {
    StringBuilder b = new StringBuilder(text);
    int at = text.isEmpty() ? 0 : r.nextInt(text.length());
    char c = MUTATION_CHARS.charAt(r.nextInt(MUTATION_CHARS.length()));
    switch (r.nextInt(6)) {
      case 0:
        if (b.length() > 0) {
          b.deleteCharAt(at);
        }
        break;
      case 1:
        b.insert(at, c);
        break;
      case 2:
        if (b.length() > 0) {
          b.setCharAt(at, c);
        }
        break;
      case 3:
        b.setLength(at); // truncated
        break;
      case 4:
        b.append(c);
        break;
      default:
        int to = Math.min(b.length(), at + 1 + r.nextInt(8));
        b.insert(at, text.substring(at, to)); // a piece repeated
    }
    return b.toString();
  }

  @Test
  void theGeneratorCoversWhatItShould() {
    Random random = new Random(1);
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder();
      value(random, b, 0);
      docs.add(b.toString());
    }
    String all = String.join("", docs);
    for (String piece : new String[] {"{", "[", "\\u", "\ud800", "e", ".", "-", "true", "null"}) {
      assertTrue(all.contains(piece), piece);
    }
  }
}
