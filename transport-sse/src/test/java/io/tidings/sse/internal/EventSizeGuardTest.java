package io.tidings.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.logging.LDLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
  void theIdIsResetAfterEveryDispatchedEventUnlessTheNextBlockStartsWithAnId() throws IOException {
    // No reset after the id-only block: the spec carries its id to the next event. Blocks whose
    // first line is an id need none; others get it after their first line.
    String in =
        "id: 1\r\ndata: a\r\n\r\n: c\rdata: b\r\rid: 5\n\ndata: c\n\n\n\nretry: 1\n\ndata: d\n\n";
    assertEquals(
        "id: 1\r\ndata: a\r\n\r\n"
            + ": c\r"
            + START
            + "data: b\r\r"
            + "id: 5\n\ndata: c\n\n\n\n"
            + "retry: 1\n"
            + START
            + "\ndata: d\n\n",
        filterWithStarts(in, 100));
  }

  @Test
  void theResetNeverGoesBetweenTheCrAndLfOfOneLineEnd() throws IOException {
    assertEquals(
        "data: a\r\n" + START + "\r\ndata: b\r\n" + START + "id: 2\r\n\r\n",
        filterWithStarts("data: a\r\n\r\ndata: b\r\nid: 2\r\n\r\n", 100));
  }

  @Test
  void onlyAValidIdFieldFirstSavesTheReset() throws IOException {
    assertEquals("id\ndata: a\n\n", filterWithStarts("id\ndata: a\n\n", 100));
    assertEquals("id:\ndata: a\n\n", filterWithStarts("id:\ndata: a\n\n", 100));
    assertEquals("idx: 1\n" + START + "data: a\n\n", filterWithStarts("idx: 1\ndata: a\n\n", 100));
    assertEquals("id : 1\n" + START + "data: a\n\n", filterWithStarts("id : 1\ndata: a\n\n", 100));
    assertEquals(
        "id: 1\u00002\n" + START + "data: a\n\n",
        filterWithStarts("id: 1\u00002\ndata: a\n\n", 100)); // ignored by the parser
  }

  @Test
  void theParserSeesEachEventsOwnIdOnly() throws Exception {
    String in =
        "id: 1\ndata: a\n\n" // own id first
            + "data: b\n\n" // none
            + "data: c\nid: 3\n\n" // own id after the data
            + "id: 3\ndata: d\n\n" // the same id again
            + "id: 9\n\ndata: e\n\n" // an id-only block: carried to the next event
            + "data: f\n\n" // none
            + "id: 7\u00001\ndata: g\n\n" // an id with NUL is ignored: none
            + ": comment\r\nid\r\ndata: h\r\n\r\n" // cleared
            + "id: 0123456789012345678901234567890123456789\ndata: i\n\n" // cut: too long
            + "data: j\n\n";
    List<String> ids = new ArrayList<>();
    List<String> data = new ArrayList<>();
    try (EventSource parser =
        parser(
            new EventSizeGuard(
                new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), 30))) {
      for (MessageEvent e : parser.messages()) {
        String id = e.getLastEventId();
        ids.add(EventSizeGuard.NO_ID.equals(id) ? null : id);
        data.add(
            e.getEventName().equals(EventSizeGuard.TOO_LARGE_EVENT_TYPE) ? "(cut)" : e.getData());
      }
    }
    assertEquals(
        java.util.Arrays.asList("a", "b", "c", "d", "e", "f", "g", "h", "(cut)", "j"), data);
    assertEquals("1", ids.get(0));
    assertEquals(null, ids.get(1));
    assertEquals("3", ids.get(2));
    assertEquals("3", ids.get(3));
    assertEquals("9", ids.get(4));
    assertEquals(null, ids.get(5));
    assertEquals(null, ids.get(6));
    assertEquals("", ids.get(7));
    assertEquals(null, ids.get(9));
  }

  /** okhttp-eventsource's parser over {@code in}, as SseConnection configures it. */
  private static EventSource parser(InputStream in) {
    ConnectStrategy strategy =
        new ConnectStrategy() {
          @Override
          public ConnectStrategy.Client createClient(LDLogger logger) {
            return new ConnectStrategy.Client() {
              @Override
              public Result connect(String lastEventId) {
                return new Result(in, URI.create("http://localhost/"), () -> {});
              }

              @Override
              public boolean awaitClosed(long timeoutMillis) {
                return true;
              }

              @Override
              public URI getOrigin() {
                return URI.create("http://localhost/");
              }

              @Override
              public void close() {}
            };
          }
        };
    return new EventSource.Builder(strategy)
        .errorStrategy(ErrorStrategy.alwaysThrow())
        .readBufferSize(SseConnection.DEFAULT_READ_BUFFER_SIZE)
        .streamEventData(false)
        .build();
  }

  @Test
  void theOutputDoesNotDependOnHowTheBytesArriveOrAreRead() throws IOException {
    java.util.Random random = new java.util.Random(13);
    String[] pieces = {
      "data: ",
      "data:",
      "data",
      "id: ",
      "id",
      "event: t",
      ": c",
      "retry: 5",
      "x",
      "0123456789",
      "\n",
      "\r",
      "\r\n",
      "\n\n",
      "\u0000",
      "é"
    };
    for (int n = 0; n < 2000; n++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      byte[] in = b.toString().getBytes(StandardCharsets.UTF_8);
      long limit = 1 + random.nextInt(24);
      String whole =
          new String(
              new EventSizeGuard(new ByteArrayInputStream(in), limit).readAllBytes(),
              StandardCharsets.UTF_8);
      EventSizeGuard trickle = new EventSizeGuard(new OneByteAtATime(in), limit);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] small = new byte[1 + random.nextInt(3)];
      int r;
      while ((r = trickle.read(small, 0, small.length)) >= 0) {
        out.write(small, 0, r);
      }
      assertEquals(whole, out.toString(StandardCharsets.UTF_8), b.toString());
    }
  }

  /** A body that arrives one byte per read. */
  private static final class OneByteAtATime extends InputStream {
    private final byte[] bytes;
    private int pos;

    OneByteAtATime(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= bytes.length) {
        return -1;
      }
      b[off] = bytes[pos++];
      return 1;
    }
  }

  @Test
  void theEventAfterACutGetsTheNoIdField() throws IOException {
    String in = "id: 1\ndata: 0123456789A\n\ndata: next\n\n";
    assertEquals(
        "id: 1\ndata: 0123456789" + CUT + "data: next\n" + START + "\n", filterWithStarts(in, 10));
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
    assertEquals(6 + 1024 + CUT.length(), out.size());
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
