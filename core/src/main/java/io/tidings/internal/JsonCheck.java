package io.tidings.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.MappingJsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * Checks that a {@code String} is exactly one JSON value (RFC 8259, strict), without building a
 * tree or a parser and without allocating on success: the per-event check of SSE data when {@code
 * tidings.format=json}. It accepts and rejects exactly what Jackson's parser with default features
 * accepts and rejects (tested side by side in {@code JsonCheckTest}), within the same {@link
 * StreamReadConstraints} (nesting depth, number length, name length, string length of a root
 * string):
 *
 * <ul>
 *   <li>white space is space, tab, LF and CR only; one value, nothing but white space after it;
 *   <li>strings: no raw control character (below U+0020), escapes {@code \" \\ \/ \b \f \n \r \t}
 *       and {@code \}{@code uXXXX} with four ASCII hex digits; surrogates are not paired up (as
 *       Jackson does not);
 *   <li>numbers: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; {@code true false null};
 *   <li>no comments, single quotes, unquoted names, trailing commas, NaN or leading zeros.
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #forMapper} gives null for a mapper whose parser is not
 * Jackson's default JSON parser (other features, another format, an input decorator): then the
 * caller asks Jackson itself.
 */
final class JsonCheck {
  /** Parser features that do not change which documents are accepted. */
  private static final Set<String> NEUTRAL_FEATURES =
      Set.of(
          "AUTO_CLOSE_SOURCE",
          "INCLUDE_SOURCE_IN_LOCATION",
          "USE_FAST_DOUBLE_PARSER",
          "USE_FAST_BIG_NUMBER_PARSER",
          "IGNORE_UNDEFINED",
          "CLEAR_CURRENT_TOKEN_ON_CLOSE");

  private final int maxDepth;
  private final int maxNumberLength;
  private final int maxNameLength;
  private final int maxStringLength;

  JsonCheck(StreamReadConstraints constraints) {
    this.maxDepth = constraints.getMaxNestingDepth();
    this.maxNumberLength = constraints.getMaxNumberLength();
    this.maxNameLength = constraints.getMaxNameLength();
    this.maxStringLength = constraints.getMaxStringLength();
  }

  /**
   * The check equivalent to {@code mapper}'s own parser, or null when there is none (a non-default
   * parser feature, another data format, a custom factory or input decorator).
   */
  static JsonCheck forMapper(ObjectMapper mapper) {
    JsonFactory f = mapper.getFactory();
    if ((f.getClass() != JsonFactory.class && f.getClass() != MappingJsonFactory.class)
        || !JsonFactory.FORMAT_NAME_JSON.equals(f.getFormatName())
        || f.getInputDecorator() != null) {
      return null;
    }
    for (JsonParser.Feature feature : JsonParser.Feature.values()) {
      if (f.isEnabled(feature)
          && !feature.enabledByDefault()
          && !NEUTRAL_FEATURES.contains(feature.name())) {
        return null;
      }
    }
    return new JsonCheck(f.streamReadConstraints());
  }

  /** What is wrong with a document, and where (a char offset). */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    final int offset;

    Invalid(String problem, int offset) {
      super(problem + " at offset " + offset, null, false, false);
      this.offset = offset;
    }
  }

  /**
   * The document has a number within one digit of (or beyond) Jackson's number length limit, where
   * Jackson's own count differs between its code paths: only Jackson can say. Shared and immutable.
   */
  static final class Undecided extends Exception {
    private static final long serialVersionUID = 1L;
    static final Undecided NEAR_NUMBER_LIMIT = new Undecided();

    private Undecided() {
      super("a number near the length limit", null, false, false);
    }
  }

  /**
   * Checks {@code text}.
   *
   * @param text the document, not null
   * @return the content of the value when it is a JSON string (unescaped), else null
   * @throws Invalid naming the first problem and its offset
   * @throws Undecided when Jackson must decide (a number near its length limit)
   */
  String check(String text) throws Invalid, Undecided {
    int n = text.length();
    int i = space(text, 0);
    if (i == n) {
      throw new Invalid("no JSON value", i);
    }
    if (text.charAt(i) == '"') {
      int end = string(text, i, maxStringLength, false);
      if (space(text, end) != n) {
        throw trailing(text, space(text, end));
      }
      return content(text, i, end);
    }
    long stack = 0; // bit d-1 set: the container at depth d (1..64) is an object
    long[] deep = null; // the same bits beyond depth 64
    int depth = 0;
    value:
    while (true) {
      if (i >= n) {
        throw new Invalid("unexpected end, a value was expected", i);
      }
      char c = text.charAt(i);
      switch (c) {
        case '{':
        case '[':
          if (depth == maxDepth) {
            throw new Invalid("nesting deeper than " + maxDepth, i);
          }
          boolean object = c == '{';
          if (depth < 64) {
            stack = object ? stack | (1L << depth) : stack & ~(1L << depth);
          } else {
            deep = mark(deep, depth - 64, object);
          }
          depth++;
          i = space(text, i + 1);
          if (i < n && text.charAt(i) == (object ? '}' : ']')) {
            i++;
            depth--;
            break; // an empty container is a complete value
          }
          if (object) {
            i = name(text, i);
          }
          continue value;
        case '"':
          i = string(text, i, Integer.MAX_VALUE, false);
          break;
        case 't':
          i = literal(text, i, "true");
          break;
        case 'f':
          i = literal(text, i, "false");
          break;
        case 'n':
          i = literal(text, i, "null");
          break;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            i = number(text, i);
          } else {
            throw unexpected(text, i, "a value");
          }
      }
      // After a complete value: close containers until a comma or the end.
      while (true) {
        i = space(text, i);
        if (depth == 0) {
          if (i != n) {
            throw trailing(text, i);
          }
          return null;
        }
        if (i >= n) {
          throw new Invalid("unexpected end inside an object or array", i);
        }
        int top = depth - 1;
        boolean inObject =
            top < 64 ? (stack & (1L << top)) != 0 : (deep[(top - 64) >>> 6] & (1L << top)) != 0;
        c = text.charAt(i);
        if (c == ',') {
          i = space(text, i + 1);
          if (inObject) {
            i = name(text, i);
          }
          continue value;
        }
        if (c != (inObject ? '}' : ']')) {
          throw unexpected(text, i, inObject ? "',' or '}'" : "',' or ']'");
        }
        i++;
        depth--;
      }
    }
  }

  private static long[] mark(long[] deep, int index, boolean object) {
    if (deep == null) {
      deep = new long[4];
    } else if ((index >>> 6) >= deep.length) {
      deep = java.util.Arrays.copyOf(deep, deep.length * 2);
    }
    long bit = 1L << index; // shifts are mod 64
    deep[index >>> 6] = object ? deep[index >>> 6] | bit : deep[index >>> 6] & ~bit;
    return deep;
  }

  /** A member name, white space, the colon and white space; returns where the value starts. */
  private int name(String text, int i) throws Invalid {
    if (i >= text.length() || text.charAt(i) != '"') {
      throw i >= text.length()
          ? new Invalid("unexpected end, a member name was expected", i)
          : unexpected(text, i, "a member name in double quotes");
    }
    int end = string(text, i, maxNameLength, true);
    i = space(text, end);
    if (i >= text.length() || text.charAt(i) != ':') {
      throw i >= text.length()
          ? new Invalid("unexpected end, ':' was expected", i)
          : unexpected(text, i, "':'");
    }
    return space(text, i + 1);
  }

  private static int space(String text, int i) {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * A string starting at the quote at {@code start}; returns the offset after its closing quote.
   *
   * @param maxLength the most chars its content may have once unescaped
   * @param name whether it is a member name: then, as in Jackson, an escaped high surrogate must be
   *     followed by an escaped low one, and an escaped low surrogate must follow an escaped high
   *     one
   */
  private static int string(String text, int start, int maxLength, boolean name) throws Invalid {
    int n = text.length();
    int i = start + 1;
    int length = 0;
    boolean afterHigh = false; // the previous char was an escaped high surrogate (names only)
    while (true) {
      if (afterHigh && (i + 1 >= n || text.charAt(i) != '\\' || text.charAt(i + 1) != 'u')) {
        throw new Invalid("a broken surrogate pair in a member name", i);
      }
      if (i >= n) {
        throw new Invalid("unterminated string", start);
      }
      char c = text.charAt(i);
      if (c == '"') {
        if (length > maxLength) {
          throw new Invalid("a string longer than " + maxLength + " chars", start);
        }
        return i + 1;
      }
      if (c < 0x20) {
        throw new Invalid("an unescaped control character (code " + (int) c + ") in a string", i);
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new Invalid("unterminated string", start);
        }
        char e = text.charAt(i + 1);
        if (e == 'u') {
          int v = 0;
          for (int k = 2; k < 6; k++) {
            int h = i + k < n ? hex(text.charAt(i + k)) : -1;
            if (h < 0) {
              throw new Invalid("a \\u escape without four hex digits", i);
            }
            v = (v << 4) | h;
          }
          if (name) {
            boolean high = v >= 0xD800 && v <= 0xDBFF;
            boolean low = v >= 0xDC00 && v <= 0xDFFF;
            if (afterHigh != low) {
              throw new Invalid("a broken surrogate pair in a member name", i);
            }
            afterHigh = high;
          }
          i += 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
            || e == 't') {
          if (afterHigh) {
            throw new Invalid("a broken surrogate pair in a member name", i);
          }
          i += 2;
        } else {
          throw new Invalid("an unknown escape '\\" + e + "'", i);
        }
      } else {
        i++;
      }
      length++;
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** The unescaped content of the (checked) string from {@code start} to {@code end}. */
  private static String content(String text, int start, int end) {
    int from = start + 1;
    int to = end - 1;
    int slash = text.indexOf('\\', from);
    if (slash < 0 || slash >= to) {
      return text.substring(from, to);
    }
    StringBuilder b = new StringBuilder(to - from);
    b.append(text, from, slash);
    int i = slash;
    while (i < to) {
      char c = text.charAt(i);
      if (c != '\\') {
        b.append(c);
        i++;
        continue;
      }
      char e = text.charAt(i + 1);
      switch (e) {
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'n':
          b.append('\n');
          break;
        case 'r':
          b.append('\r');
          break;
        case 't':
          b.append('\t');
          break;
        case 'u':
          int v = 0;
          for (int k = 2; k < 6; k++) {
            v = (v << 4) | hex(text.charAt(i + k));
          }
          b.append((char) v);
          i += 4;
          break;
        default: // " \ /
          b.append(e);
      }
      i += 2;
    }
    return b.toString();
  }

  private static int literal(String text, int i, String literal) throws Invalid {
    if (!text.startsWith(literal, i)) {
      throw new Invalid("an unrecognized token (not true, false or null)", i);
    }
    return i + literal.length();
  }

  /** A number from {@code start}; returns the offset after it. */
  private int number(String text, int start) throws Invalid, Undecided {
    int n = text.length();
    int i = start;
    if (text.charAt(i) == '-') {
      i++;
    }
    int intStart = i;
    if (i < n && text.charAt(i) == '0') {
      i++;
      if (i < n && isDigit(text.charAt(i))) {
        throw new Invalid("a number with a leading zero", start);
      }
    } else {
      i = digits(text, i);
      if (i == intStart) {
        throw new Invalid("a '-' without digits", start);
      }
    }
    int intLength = i - intStart;
    int fractionLength = 0;
    int exponentLength = 0;
    boolean integer = true;
    if (i < n && text.charAt(i) == '.') {
      integer = false;
      int from = i + 1;
      i = digits(text, from);
      fractionLength = i - from;
      if (fractionLength == 0) {
        throw new Invalid("a number with no digit after '.'", start);
      }
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      integer = false;
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int from = i;
      i = digits(text, from);
      exponentLength = i - from;
      if (exponentLength == 0) {
        throw new Invalid("a number with no digit in its exponent", start);
      }
    }
    int length = integer ? intLength : intLength + fractionLength + exponentLength;
    if (length >= maxNumberLength - 1) {
      throw Undecided.NEAR_NUMBER_LIMIT;
    }
    return i;
  }

  private static int digits(String text, int i) {
    int n = text.length();
    while (i < n && isDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static Invalid unexpected(String text, int i, String expected) {
    char c = text.charAt(i);
    String shown = c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    return new Invalid("unexpected character " + shown + " where " + expected + " was expected", i);
  }

  private static Invalid trailing(String text, int i) {
    char c = text.charAt(i);
    String shown = c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    return new Invalid("unexpected " + shown + " after the JSON value", i);
  }
}
