package io.tidings.websocket.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a WebSocket connection's bytes below OkHttp, which assembles every message whole in memory
 * and decodes text with U+FFFD for invalid UTF-8, and has no inbound limit. This stream follows the
 * upgrade response and then the frame structure (RFC 6455 §5.2) and, before OkHttp sees a frame:
 *
 * <ul>
 *   <li>replaces a data frame that alone makes a message longer than {@code
 *       tidings.max-message-size} (its header says so) with an empty binary frame and drops its
 *       payload unbuffered; the connection learns which empty binary message stands for a dropped
 *       one from {@link #nextEmptyBinary()}, in order with the messages around it, and goes on;
 *   <li>fails the connection with 1009 ({@link Events#violation}) when a continuation frame takes a
 *       fragmented message over the limit, since what OkHttp already holds of it cannot be taken
 *       back; from then on data frames are dropped and only control frames (the closing handshake)
 *       pass;
 *   <li>checks the UTF-8 of text messages across frames and reads; {@link #nextTextValid()} tells
 *       the connection, as OkHttp delivers each text message, whether it was valid, so it can fail
 *       the connection with 1007 (RFC 6455 §8.1) at that message and not before the ones ahead.
 * </ul>
 *
 * A compressed frame (RSV1) is passed to OkHttp as is: Tidings does not offer {@code
 * permessage-deflate}, so OkHttp refuses it. A response other than 101 is passed through untouched.
 * One reader thread.
 */
final class FrameGuard extends FilterInputStream {
  /** What the guard tells its connection. Called on the reader thread, inside {@code read}. */
  interface Events {
    /** The guard of a new socket of the connection. */
    void attached(FrameGuard guard);

    /** The connection must fail with this close code (1007, 1009). */
    void violation(int closeCode, String why);
  }

  private static final int HEAD = 0;
  private static final int FRAME_HEADER = 1;
  private static final int PAYLOAD = 2;
  private static final int PASSTHROUGH = 3;

  /** Events of a guard no connection has claimed yet: nothing to tell. */
  private static final Events UNCLAIMED =
      new Events() {
        @Override
        public void attached(FrameGuard guard) {}

        @Override
        public void violation(int closeCode, String why) {}
      };

  private final long limit;
  private volatile Events events = UNCLAIMED;
  private final byte[] buffer = new byte[8192];
  private int bufferPos;
  private int bufferEnd;
  private int pendingPos;
  private int pendingLength; // header bytes [pendingPos, pendingLength) wait to be handed on
  private int state = HEAD;

  // HTTP head
  private final StringBuilder statusLine = new StringBuilder();
  private boolean statusLineDone;
  private int headEndMatched;

  // frame header
  private final byte[] header = new byte[14];
  private int headerLength;
  private int headerNeeded = 2;

  // payload
  private long remaining;
  private boolean dropping;
  private boolean validating;
  private boolean finalFrame;
  private boolean dataFrame;

  // message
  private long messageBytes;
  private boolean textMessage;
  private boolean failed;
  private boolean textInvalid;
  private final java.util.ArrayDeque<Long> emptyBinaries = new java.util.ArrayDeque<>();
  private final java.util.ArrayDeque<Boolean> texts = new java.util.ArrayDeque<>();
  private int utf8Need;
  private int utf8Low = 0x80;
  private int utf8High = 0xBF;

  /** A guard that reports to nobody until {@link #begin} names its connection. */
  FrameGuard(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /**
   * A request is about to go out on this socket for the connection {@code events} reports to. A
   * socket whose last answer was not an upgrade (passed through untouched, and the socket went back
   * to OkHttp's pool, or OkHttp follows the answer up on it) is read as a fresh HTTP head again, so
   * that a later upgrade on it is guarded. Called on the thread that then reads the answer, for
   * each write of a request.
   */
  void begin(Events events) {
    if (state == PASSTHROUGH) {
      state = HEAD;
      statusLine.setLength(0);
      statusLineDone = false;
      headEndMatched = 0;
    }
    if (this.events != events) {
      this.events = events;
      events.attached(this);
    }
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
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (pendingPos < pendingLength) {
        int n = Math.min(len, pendingLength - pendingPos);
        System.arraycopy(header, pendingPos, b, off, n);
        pendingPos += n;
        return n;
      }
      if (bufferPos == bufferEnd) {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          return -1;
        }
        bufferPos = 0;
        bufferEnd = n;
      }
      if (state == PASSTHROUGH) {
        int n = Math.min(len, bufferEnd - bufferPos);
        System.arraycopy(buffer, bufferPos, b, off, n);
        bufferPos += n;
        return n;
      }
      int out = 0;
      while (bufferPos < bufferEnd && out < len && pendingPos == pendingLength) {
        out = accept(buffer[bufferPos++], b, off, out);
        if (state == PASSTHROUGH) {
          break;
        }
      }
      if (out > 0) {
        return out;
      }
      // Everything read so far was dropped, or a header waits to be handed on: go round again.
    }
  }

  @Override
  public int available() throws IOException {
    return 0;
  }

  /** Takes one byte; writes what OkHttp should see to {@code b}; returns the new count. */
  private int accept(byte c, byte[] b, int off, int out) {
    switch (state) {
      case HEAD:
        b[off + out++] = c;
        head(c);
        return out;
      case FRAME_HEADER:
        header[headerLength++] = c;
        if (headerLength == 2) {
          headerNeeded = 2 + extendedLengthBytes() + ((header[1] & 0x80) != 0 ? 4 : 0);
        }
        if (headerLength == headerNeeded) {
          return frameHeader(b, off, out);
        }
        return out;
      case PAYLOAD:
        remaining--;
        if (!dropping) {
          if (validating && !textInvalid && !validUtf8(c)) {
            textInvalid = true; // reported when OkHttp delivers this message
          }
          b[off + out++] = c;
        }
        if (remaining == 0) {
          payloadEnded();
        }
        return out;
      default:
        b[off + out++] = c;
        return out;
    }
  }

  private void head(byte c) {
    if (!statusLineDone) {
      if (c == '\r' || c == '\n') {
        statusLineDone = true;
      } else if (statusLine.length() < 64) {
        statusLine.append((char) (c & 0xFF));
      }
    }
    byte[] end = {'\r', '\n', '\r', '\n'};
    headEndMatched = c == end[headEndMatched] ? headEndMatched + 1 : (c == '\r' ? 1 : 0);
    if (headEndMatched == end.length) {
      String[] parts = statusLine.toString().split(" ");
      boolean upgraded = parts.length >= 2 && "101".equals(parts[1]);
      state = upgraded ? FRAME_HEADER : PASSTHROUGH;
      headerLength = 0;
      headerNeeded = 2;
    }
  }

  private int extendedLengthBytes() {
    int len7 = header[1] & 0x7F;
    return len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  }

  private long payloadLength() {
    int len7 = header[1] & 0x7F;
    if (len7 < 126) {
      return len7;
    }
    int bytes = len7 == 126 ? 2 : 8;
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = (v << 8) | (header[2 + i] & 0xFF);
    }
    return v < 0 ? Long.MAX_VALUE : v; // a set top bit is a protocol error OkHttp reports
  }

  private int frameHeader(byte[] b, int off, int out) {
    int opcode = header[0] & 0x0F;
    boolean fin = (header[0] & 0x80) != 0;
    boolean compressed = (header[0] & 0x40) != 0;
    boolean control = (opcode & 0x08) != 0;
    long length = payloadLength();
    dropping = false;
    validating = false;
    if (!control && !compressed) {
      boolean first = opcode != 0;
      if (failed) {
        dropping = true;
      } else {
        if (first) {
          messageBytes = 0;
          textMessage = opcode == 1;
          textInvalid = false;
          resetUtf8();
        }
        messageBytes += length;
        if (messageBytes > limit) {
          dropping = true;
          if (first && fin) {
            // OkHttp gets an empty binary message in its place, which the connection reports.
            header[0] = (byte) 0x82;
            header[1] = 0;
            pendingPos = 0;
            pendingLength = 2;
            emptyBinaries.add(length);
          } else {
            fail(1009, "a fragmented message is larger than tidings.max-message-size");
          }
        } else {
          validating = textMessage;
        }
      }
    }
    if (!dropping) {
      pendingPos = 0;
      pendingLength = headerLength; // handed on before the payload
    }
    dataFrame = !control && !compressed;
    headerLength = 0;
    headerNeeded = 2;
    remaining = length;
    finalFrame = fin;
    if (remaining == 0) {
      payloadEnded();
    } else {
      state = PAYLOAD;
    }
    return out;
  }

  private void payloadEnded() {
    state = FRAME_HEADER;
    if (!dataFrame || dropping || !finalFrame || failed) {
      return;
    }
    if (textMessage) {
      texts.add(!textInvalid && utf8Need == 0);
    } else if (messageBytes == 0) {
      emptyBinaries.add(-1L); // a real empty binary message
    }
  }

  /**
   * For the next empty binary message OkHttp delivers: the size of the oversized message it stands
   * for, or -1 when it is a real empty message (or null when no guard saw it). Reader thread.
   */
  Long nextEmptyBinary() {
    return emptyBinaries.poll();
  }

  /** For the next text message OkHttp delivers: whether it was valid UTF-8. Reader thread. */
  boolean nextTextValid() {
    Boolean valid = texts.poll();
    return valid == null || valid;
  }

  private void fail(int code, String why) {
    failed = true;
    events.violation(code, why);
  }

  private void resetUtf8() {
    utf8Need = 0;
    utf8Low = 0x80;
    utf8High = 0xBF;
  }

  /** As in the SSE transport's guard: RFC 3629, state kept across frames and reads. */
  private boolean validUtf8(byte c) {
    int v = c & 0xFF;
    if (utf8Need > 0) {
      if (v < utf8Low || v > utf8High) {
        return false;
      }
      utf8Need--;
      utf8Low = 0x80;
      utf8High = 0xBF;
      return true;
    }
    if (v < 0x80) {
      return true;
    }
    if (v >= 0xC2 && v <= 0xDF) {
      utf8Need = 1;
    } else if (v >= 0xE0 && v <= 0xEF) {
      utf8Need = 2;
      utf8Low = v == 0xE0 ? 0xA0 : 0x80;
      utf8High = v == 0xED ? 0x9F : 0xBF;
    } else if (v >= 0xF0 && v <= 0xF4) {
      utf8Need = 3;
      utf8Low = v == 0xF0 ? 0x90 : 0x80;
      utf8High = v == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    return true;
  }
}
