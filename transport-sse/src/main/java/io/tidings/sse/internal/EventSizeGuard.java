package io.tidings.sse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Keeps an oversized event from ever being held whole in memory. okhttp-eventsource buffers each
 * event's data until the blank line that ends it, and its {@code streamEventData} mode cannot help:
 * it dispatches at the first {@code data} line, so an {@code id} or {@code event} field that comes
 * after it is lost.
 *
 * <p>This stream sits between the response body and the parser and follows the SSE line structure
 * (CR, LF and CRLF endings). When the current event's data (its {@code data} values joined with LF,
 * as the parser builds it) or any single other line grows past the limit, it hands the parser
 * {@link #CUT}: a NUL that invalidates the line being cut (an {@code id} with NUL is ignored, a
 * {@code retry} with NUL is not a number), a line end, an {@code event} field of type {@link
 * #TOO_LARGE_EVENT_TYPE} and a blank line. The parser then dispatches what it buffered (at most the
 * limit) as an event of that type, which the connection reports as too large and drops. The rest of
 * the oversized event is skipped up to its blank line without being buffered, and the stream goes
 * on with the next event.
 *
 * <p>It also gives the parser an {@code id} field of value {@link #NO_ID} at the start of the
 * stream and of every block after one that dispatched an event, unless that block's first line is
 * itself a valid {@code id} field (the usual {@code id: 7} first): then that id replaces the last
 * one anyway and nothing is added. Otherwise the field goes in right after the block's first line
 * (before the next line starts, never between the CR and LF of one line end). The parser keeps the
 * last id across events, as the spec says, so without this an event that repeats the previous id
 * could not be told from one that brings none. With it, an event's last id is {@link #NO_ID} when
 * neither it nor a block without data since the previous event set an id, empty when the id was
 * cleared, and otherwise the id set.
 *
 * <p>Used by one reader thread.
 */
final class EventSizeGuard extends InputStream {
  /** The event type of a cut event. Contains NUL, which no sane server puts in an event name. */
  static final String TOO_LARGE_EVENT_TYPE = "\u0000tidings.event-too-large";

  /**
   * The last id of an event that has no {@code id} field of its own. Starts with a control
   * character, which no sane server puts in an id, and is not NUL (an id with NUL is ignored).
   */
  static final String NO_ID = "\u0001tidings.no-id";

  private static final byte[] RESET_ID = ("id:" + NO_ID + "\n").getBytes(StandardCharsets.UTF_8);

  /** The event type of an event cut because it is not valid UTF-8. */
  static final String INVALID_UTF8_EVENT_TYPE = "\u0000tidings.invalid-utf8";

  private static final byte[] CUT = cutAs(TOO_LARGE_EVENT_TYPE);
  private static final byte[] CUT_INVALID_UTF8 = cutAs(INVALID_UTF8_EVENT_TYPE);
  private static final byte[] DATA = {'d', 'a', 't', 'a'};

  /** The stash of a read too short to filter in place (such as {@link #read()}). */
  private static final int SMALL_READ_STASH = 512;

  // Where the current line is in its field name: 0..4 = that many bytes of "data" matched.
  private static final int DATA_NAME_MATCHED = DATA.length;
  private static final int DATA_AFTER_COLON = 5;
  private static final int DATA_VALUE = 6;
  private static final int OTHER_FIELD = 7;

  // Whether the last id must be reset to NO_ID, and where.
  private static final int RESET_DONE = 0;
  private static final int RESET_AT_BLOCK_START = 1; // unless the block's first line is an id
  private static final int RESET_IN_FIRST_LINE = 2; // deciding: idField follows the line
  private static final int RESET_AT_LINE_START = 3; // the first line was not an id: insert now

  // idField: how much of the first line is a valid "id" field so far.
  private static final int ID_NAME_I = 1;
  private static final int ID_NAME_ID = 2; // "id" alone: a valid field with an empty value
  private static final int ID_VALUE = 3; // "id:" and a value without NUL so far
  private static final int NOT_ID = 4;

  private static final int PASS = 0;
  private static final int DROP = 1;
  private static final int CUT_HERE = 2;

  private final InputStream in;
  private final long limit;
  // Input read but not yet handed on, because an insertion came first; null when none. The body is
  // read straight into the caller's array and filtered there, so an idle stream holds no buffer.
  private byte[] stash;
  private int stashPos;
  private boolean eof;
  private byte[] insert = CUT; // bytes handed to the parser before the next byte of the body
  private int insertPos = CUT.length;
  private int reset = RESET_AT_BLOCK_START;
  private int idField; // the first line of a block so far, while reset == RESET_IN_FIRST_LINE

  private boolean lastWasCr;
  private boolean dropLfAfterSkippedCr;
  private long lineLength;
  private int fieldState;
  private long eventDataSize;
  private boolean eventHasData;
  private boolean skipping;
  private byte[] cutWith = CUT;

  // UTF-8 validation: continuation bytes still expected, and the range of the next one.
  private int utf8Need;
  private int utf8Low = 0x80;
  private int utf8High = 0xBF;

  /**
   * @param in the response body
   * @param limit the largest event data, and the longest other line, in bytes
   */
  EventSizeGuard(InputStream in, long limit) {
    this.in = Objects.requireNonNull(in, "in");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (insertPos < insert.length) {
        int n = Math.min(len, insert.length - insertPos);
        System.arraycopy(insert, insertPos, b, off, n);
        insertPos += n;
        return n;
      }
      int out;
      if (stash != null) {
        out = filter(stash, stashPos, stash.length, b, off, len) - off;
      } else if (eof) {
        return -1;
      } else if (len <= RESET_ID.length) {
        byte[] small = new byte[SMALL_READ_STASH];
        int n = in.read(small, 0, small.length);
        if (n < 0) {
          eof = true;
          return -1;
        }
        stash = java.util.Arrays.copyOf(small, n);
        stashPos = 0;
        continue;
      } else {
        // Room before the bytes read for the id reset that the next line may need.
        int head = reset != RESET_DONE ? RESET_ID.length : 0;
        int n = in.read(b, off + head, len - head);
        if (n < 0) {
          eof = true;
          return -1;
        }
        out = filter(b, off + head, off + head + n, b, off, len) - off;
      }
      if (out > 0) {
        return out;
      }
      // Everything read so far was skipped, or an insertion is pending: go round again.
    }
  }

  /**
   * Filters {@code src[from, to)} into {@code dst} from {@code off} (at most {@code len} bytes; in
   * place when {@code src == dst}, where the output never overtakes the input), and returns where
   * the output ends. An insertion goes into the gap between output and input when it fits there;
   * otherwise it is made pending and what is left of the input is kept in {@link #stash}.
   */
  private int filter(byte[] src, int from, int to, byte[] dst, int off, int len) {
    boolean inPlace = src == dst;
    int r = from;
    int w = off;
    int outEnd = off + len;
    byte[] pending = null;
    while (r < to && w < outEnd) {
      byte c = src[r];
      if (reset == RESET_AT_BLOCK_START && c != '\r' && c != '\n') {
        reset = RESET_IN_FIRST_LINE; // the block's first line starts with c
        idField = 0;
      } else if (reset == RESET_AT_LINE_START && !(c == '\n' && lastWasCr)) {
        reset = RESET_DONE; // after the block's first line; c is read next time round
        if (inPlace && r - w >= RESET_ID.length) {
          System.arraycopy(RESET_ID, 0, dst, w, RESET_ID.length);
          w += RESET_ID.length;
          continue;
        }
        pending = RESET_ID;
        break;
      }
      r++;
      int verdict = accept(c);
      if (verdict == PASS) {
        dst[w++] = c;
      } else if (verdict == CUT_HERE) {
        if (inPlace && r - w >= cutWith.length) {
          System.arraycopy(cutWith, 0, dst, w, cutWith.length);
          w += cutWith.length;
          continue;
        }
        pending = cutWith;
        break;
      }
    }
    if (pending != null) {
      insert(pending);
    }
    if (inPlace) {
      stash = r < to ? java.util.Arrays.copyOfRange(src, r, to) : null;
      stashPos = 0;
    } else {
      stashPos = r;
      if (r == to) {
        stash = null;
      }
    }
    return w;
  }

  private void insert(byte[] bytes) {
    insert = bytes;
    insertPos = 0;
  }

  @Override
  public int available() throws IOException {
    return 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** True while the rest of an oversized event is being skipped. For tests. */
  boolean isSkipping() {
    return skipping;
  }

  private static byte[] cutAs(String type) {
    return ("\u0000\nevent:" + type + "\ndata\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private int accept(byte c) {
    if (!skipping && !validUtf8(c)) {
      // The parser would decode this as U+FFFD and deliver it silently: cut the event instead, and
      // the connection reports it as not UTF-8.
      boolean lineEnd = c == '\r' || c == '\n';
      lastWasCr = c == '\r';
      dropLfAfterSkippedCr = false;
      int verdict = cut(CUT_INVALID_UTF8);
      if (lineEnd) {
        lineLength = 0; // the byte still ended its line
      }
      return verdict;
    }
    boolean secondHalfOfCrlf = c == '\n' && lastWasCr;
    lastWasCr = c == '\r';
    if (secondHalfOfCrlf) {
      // The line already ended at the CR.
      if (dropLfAfterSkippedCr) {
        dropLfAfterSkippedCr = false;
        return DROP;
      }
      return skipping ? DROP : PASS;
    }
    dropLfAfterSkippedCr = false;
    if (c == '\r' || c == '\n') {
      return endLine(c);
    }
    lineLength++;
    if (skipping) {
      return DROP;
    }
    if (reset == RESET_IN_FIRST_LINE) {
      trackIdField(c);
    }
    trackField(c);
    return overLimit() ? cut(CUT) : PASS;
  }

  private int endLine(byte c) {
    boolean blank = lineLength == 0;
    if (!skipping && fieldState == DATA_NAME_MATCHED) {
      dataLineStarted(); // "data" alone is a data field with an empty value
    }
    lineLength = 0;
    fieldState = 0;
    if (reset == RESET_IN_FIRST_LINE) {
      // A valid id field first sets the last id itself; any other first line needs the reset.
      reset = idField == ID_NAME_ID || idField == ID_VALUE ? RESET_DONE : RESET_AT_LINE_START;
    }
    if (blank) {
      // The parser dispatches an event here when the block had data (a cut block always has).
      if (eventHasData || skipping) {
        reset = RESET_AT_BLOCK_START;
      }
      eventDataSize = 0;
      eventHasData = false;
      if (skipping) {
        // The oversized event ends here; the cut already gave the parser its blank line.
        skipping = false;
        dropLfAfterSkippedCr = c == '\r';
        return DROP;
      }
      return PASS;
    }
    if (skipping) {
      return DROP;
    }
    return overLimit() ? cut(CUT) : PASS;
  }

  /**
   * Whether {@code c} continues valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
   * above U+10FFFF). Keeps its state across reads, so a character split between reads is fine.
   */
  private boolean validUtf8(byte c) {
    int b = c & 0xFF;
    if (utf8Need > 0) {
      if (b < utf8Low || b > utf8High) {
        utf8Need = 0;
        return false;
      }
      utf8Need--;
      utf8Low = 0x80;
      utf8High = 0xBF;
      return true;
    }
    if (b < 0x80) {
      return true;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      utf8Need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      utf8Need = 2;
      utf8Low = b == 0xE0 ? 0xA0 : 0x80;
      utf8High = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
      utf8Need = 3;
      utf8Low = b == 0xF0 ? 0x90 : 0x80;
      utf8High = b == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    return true;
  }

  private void trackIdField(byte c) {
    if (idField == 0) {
      idField = c == 'i' ? ID_NAME_I : NOT_ID;
    } else if (idField == ID_NAME_I) {
      idField = c == 'd' ? ID_NAME_ID : NOT_ID;
    } else if (idField == ID_NAME_ID) {
      idField = c == ':' ? ID_VALUE : NOT_ID;
    } else if (idField == ID_VALUE && c == 0) {
      idField = NOT_ID; // the parser ignores an id with NUL
    }
  }

  private void trackField(byte c) {
    if (fieldState < DATA_NAME_MATCHED) {
      fieldState = c == DATA[fieldState] ? fieldState + 1 : OTHER_FIELD;
    } else if (fieldState == DATA_NAME_MATCHED) {
      if (c == ':') {
        dataLineStarted();
        fieldState = DATA_AFTER_COLON;
      } else {
        fieldState = OTHER_FIELD;
      }
    } else if (fieldState == DATA_AFTER_COLON) {
      fieldState = DATA_VALUE;
      if (c != ' ') { // one leading space is not part of the value
        eventDataSize++;
      }
    } else if (fieldState == DATA_VALUE) {
      eventDataSize++;
    }
  }

  private void dataLineStarted() {
    if (eventHasData) {
      eventDataSize++; // the LF that joins data lines
    }
    eventHasData = true;
  }

  private boolean overLimit() {
    return eventDataSize > limit || (fieldState == OTHER_FIELD && lineLength > limit);
  }

  private int cut(byte[] with) {
    // lineLength stays as it is: a cut mid-line must not make that line's end look blank.
    skipping = true;
    fieldState = 0;
    reset = RESET_DONE; // the cut event's id does not matter; its end arms the next reset
    cutWith = with;
    utf8Need = 0;
    utf8Low = 0x80;
    utf8High = 0xBF;
    return CUT_HERE;
  }
}
