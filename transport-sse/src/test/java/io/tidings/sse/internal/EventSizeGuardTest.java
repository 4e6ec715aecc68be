package io.tidings.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventSizeGuardTest {
  private static final String CUT =
      "\u0000\nevent:" + EventSizeGuard.TOO_LARGE_EVENT_TYPE + "\ndata\n\n";

  private static final String START = "id:" + EventSizeGuard.NO_ID + "\n";

  /** What the parser reads, without the id field that starts each event. */
  private static String filter(String in, long limit) throws IOException {
    return filterWithStarts(in, limit).replace(START, "");
  }

  private static String filterWithStarts(String in, long limit) throws IOException {
    EventSizeGuard guard =
        new EventSizeGuard(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), limit);
    return new String(guard.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void theIdIsResetAfterEveryDispatchedEvent() throws IOException {
    // No reset after the id-only block: the spec carries its id to the next event.
    String in =
        "id: 1\r\ndata: a\r\n\r\n: c\rdata: b\r\rid: 5\n\ndata: c\n\n\n\nretry: 1\n\ndata: d\n\n";
    assertEquals(
        START
            + "id: 1\r\ndata: a\r\n\r\n"
            + START
            + ": c\rdata: b\r\r"
            + START
            + "id: 5\n\ndata: c\n\n\n\n"
            + START
            + "retry: 1\n\ndata: d\n\n",
        filterWithStarts(in, 100));
  }

  @Test
  void theEventAfterACutStartsWithTheNoIdField() throws IOException {
    String in = "id: 1\ndata: 0123456789A\n\ndata: next\n\n";
    assertEquals(
        START + "id: 1\ndata: 0123456789" + CUT + START + "data: next\n\n",
        filterWithStarts(in, 10));
  }

  @Test
  void eventsWithinTheLimitPassUnchanged() throws IOException {
    String in = "id: 1\r\ndata: 12345\r\ndata: 6789\r\n\r\n: comment\rdata:0123456789\n\n";
    assertEquals(in, filter(in, 10));
  }

  @Test
  void oversizedDataIsCutAndTheRestOfTheEventSkipped() throws IOException {
    String in = "id: 1\ndata: 0123456789A\ndata: more\nid: 2\n\ndata: next\n\n";
    assertEquals("id: 1\ndata: 0123456789" + CUT + "data: next\n\n", filter(in, 10));
  }

  @Test
  void joiningLineFeedsCount() throws IOException {
    // 5 + LF + 4 = 10 fits; the fifth byte of the second line makes 11.
    String in = "data: 12345\ndata: 67890\ndata\n\ndata: ok\n\n";
    assertEquals("data: 12345\ndata: 6789" + CUT + "data: ok\n\n", filter(in, 10));
  }

  @Test
  void emptyDataLinesCount() throws IOException {
    // Data "123\n\n": each empty data line adds a joining LF. 5 bytes fit a limit of 5...
    String in = "data: 123\ndata\ndata:\n\ndata: ok\n\n";
    assertEquals(in, filter(in, 5));
    // ... not one of 4: the colon of the third line makes 5.
    assertEquals("data: 123\ndata\ndata" + CUT + "data: ok\n\n", filter(in, 4));
  }

  @Test
  void longNonDataLineIsCut() throws IOException {
    String in = "id: 0123456789\nevent: 01234\ndata: x\n\ndata: y\n\n";
    assertEquals("id: 01234" + CUT + "data: y\n\n", filter(in, 9));
  }

  @Test
  void crlfAfterTheSkippedEventIsNotASecondBlankLine() throws IOException {
    String in = "data: 0123456789ABC\r\n\r\ndata: y\r\n\r\n";
    assertEquals("data: 0123456789" + CUT + "data: y\r\n\r\n", filter(in, 10));
  }

  @Test
  void endlessEventStaysBounded() throws IOException {
    // 200 MB of one event that never ends: the output stays at the limit plus the cut.
    long total = 200L * 1024 * 1024;
    InputStream endless =
        new SequenceInputStream(
            new ByteArrayInputStream("data: ".getBytes(StandardCharsets.US_ASCII)),
            new InputStream() {
              long left = total;

              @Override
              public int read() {
                return left-- > 0 ? 'x' : -1;
              }

              @Override
              public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                  return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
              }
            });
    EventSizeGuard guard = new EventSizeGuard(endless, 1024);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    guard.transferTo(out);
    assertEquals(START.length() + 6 + 1024 + CUT.length(), out.size());
    assertTrue(guard.isSkipping());
  }

  @Test
  void howTheBodyArrivesAndHowTheParserReadsDoNotChangeTheOutput() throws IOException {
    // The guard filters in the reader's array and keeps what an insertion displaced: the output
    // must be the same for every split of the body into network reads and of the parser's reads.
    String[] inputs = {
      "id: 1\r\ndata: a\r\n\r\n: c\rdata: b\r\rid: 5\n\ndata: c\n\n\n\nretry: 1\n\ndata: d\n\n",
      "id: 1\ndata: 0123456789A\ndata: more\nid: 2\n\ndata: next\n\ndata: x\n\ndata: y\n\n",
      "data: 0123456789ABC\r\n\r\ndata: y\r\n\r\nid: 0123456789\nevent: 01234\ndata: x\n\n",
      "data: 12345\ndata: 67890\ndata\n\ndata: ok\n\n\n\ndata: 123\ndata\ndata:\n\n"
    };
    for (String in : inputs) {
      String whole = filterWithStarts(in, 10);
      for (int arrival : new int[] {1, 2, 3, 7, 13, 64}) {
        for (int readSize : new int[] {1, 5, 11, 12, 17, 64, 8192}) {
          String split = readInPieces(in, 10, arrival, readSize);
          assertEquals(whole, split, "arrival " + arrival + ", reads of " + readSize + ": " + in);
        }
      }
    }
  }

  /** The guard's output when the body arrives {@code arrival} bytes at a time. */
  private static String readInPieces(String in, long limit, int arrival, int readSize)
      throws IOException {
    byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
    InputStream trickle =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, arrival));
          }
        };
    EventSizeGuard guard = new EventSizeGuard(trickle, limit);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[readSize + 3];
    int n;
    while ((n = readSize == 1 ? oneByte(guard, buffer) : guard.read(buffer, 3, readSize)) >= 0) {
      out.write(buffer, 3, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int oneByte(InputStream in, byte[] buffer) throws IOException {
    int c = in.read();
    if (c < 0) {
      return -1;
    }
    buffer[3] = (byte) c;
    return 1;
  }
}
