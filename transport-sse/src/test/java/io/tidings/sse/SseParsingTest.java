package io.tidings.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.MessageTooLargeException;
import io.tidings.ServerClosedException;
import io.tidings.spi.Cursor;
import io.tidings.testkit.junit.ConnectionHarness.Event;
import io.tidings.testkit.junit.ConnectionHarness.Kind;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event stream parsing as the HTML specification says, over a real HTTP response. */
class SseParsingTest extends SseTestBase {
  private static final String EVENTS =
      "id: 1\nevent: tick\ndata: one\n\ndata: two\ndata: lines\n\n";

  private void serve(MockResponse.Builder response) {
    server.enqueue(response.build());
    connect(Cursor.none());
  }

  private void assertEventsThenEnd() throws InterruptedException {
    assertOpen();
    assertFrame("1", "tick", "one");
    assertFrame(null, "message", "two\nlines");
    assertClosed(ServerClosedException.class);
    assertExhausted();
  }

  @ParameterizedTest(name = "line ending {0}")
  @ValueSource(strings = {"LF", "CRLF", "CR"})
  void lineEndings(String ending) throws InterruptedException {
    serve(stream(withEnding(EVENTS, ending)));
    assertEventsThenEnd();
  }

  @ParameterizedTest(name = "line ending {0}, one byte per chunk")
  @ValueSource(strings = {"LF", "CRLF", "CR"})
  void lineEndingsOneBytePerChunk(String ending) throws InterruptedException {
    serve(chunked(withEnding(EVENTS, ending), 1));
    assertEventsThenEnd();
  }

  @Test
  void crAndLfOfOneLineEndingInDifferentChunks() throws InterruptedException {
    // "data: a\r" | "\n" | "\r\n": CRLF split across chunks is one line end, then a blank line.
    serve(chunked("data: a\r\n\r\ndata: b\r\r", 8));
    assertOpen();
    assertFrame(null, "message", "a");
    assertFrame(null, "message", "b");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void mixedLineEndings() throws InterruptedException {
    serve(stream("data: a\rdata: b\r\ndata: c\n\r\ndata: d\n\n"));
    assertOpen();
    assertFrame(null, "message", "a\nb\nc");
    assertFrame(null, "message", "d");
    assertClosed(ServerClosedException.class);
  }

  @ParameterizedTest(name = "chunk size {0}")
  @ValueSource(ints = {1, 2, 1000})
  void leadingByteOrderMarkIsIgnored(int chunkSize) throws InterruptedException {
    serve(chunked("\uFEFFdata: first\n\n", chunkSize));
    assertOpen();
    assertFrame(null, "message", "first");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void onlyOneByteOrderMarkIsIgnored() throws InterruptedException {
    // The second BOM is part of the field name "\uFEFFdata", an unknown field.
    serve(stream("\uFEFF\uFEFFdata: lost\n\ndata: kept\n\n"));
    assertOpen();
    assertFrame(null, "message", "kept");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void streamStartingLikeAByteOrderMarkKeepsItsBytes() throws InterruptedException {
    // EF BB without BF is not a BOM: the bytes stay, and as they are not UTF-8 the event they
    // start is reported (not silently decoded as U+FFFD) and dropped.
    okio.Buffer body = new okio.Buffer();
    body.write(new byte[] {(byte) 0xEF, (byte) 0xBB});
    body.writeUtf8("data: x\n\ndata: y\n\n");
    serve(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body));
    assertOpen();
    Event error = next();
    assertEquals(Kind.ERROR, error.kind(), error::toString);
    assertTrue(error.error() instanceof io.tidings.DecodeException, error::toString);
    assertFrame(null, "message", "y");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void multiByteCharactersSplitAcrossChunks() throws InterruptedException {
    String text = "h\u00e9llo \u20ac \uD834\uDD1E \u65e5\u672c";
    serve(chunked("id: \u00e9\u20ac\nevent: \u65e5\ndata: " + text + "\n\n", 1));
    assertOpen();
    assertFrame("\u00e9\u20ac", "\u65e5", text);
    assertClosed(ServerClosedException.class);
  }

  @Test
  void multiLineDataAndSpaces() throws InterruptedException {
    serve(stream("data:no space\ndata:  two spaces\ndata\ndata:\ndata: end \n\n"));
    assertOpen();
    assertFrame(null, "message", "no space\n two spaces\n\n\nend ");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void fieldsWithoutColon() throws InterruptedException {
    // "data" alone is an empty data line; "event" alone is an empty type, i.e. "message";
    // unknown fields are ignored.
    serve(stream("data\n\nevent: x\nevent\ndata\ndata\nunknown\nfoo: bar\n\n"));
    assertOpen();
    assertFrame(null, "message", "");
    assertFrame(null, "message", "\n");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void commentsAreHeartbeats() throws InterruptedException {
    serve(stream(": ping\n:\ndata: a\n\n"));
    assertOpen();
    assertEquals(Kind.HEARTBEAT, next().kind());
    assertEquals(Kind.HEARTBEAT, next().kind());
    assertFrame(null, "message", "a");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void eventWithoutDataIsNotDispatched() throws InterruptedException {
    serve(stream("event: nothing\n\nid: 5\n\ndata: b\n\n"));
    assertOpen();
    assertFrame("5", "message", "b");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void idWithNulIsIgnored() throws InterruptedException {
    serve(stream("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n"));
    assertOpen();
    assertFrame("1", "message", "a");
    assertFrame(null, "message", "b"); // the NUL id is ignored: the event brings no new id
    assertClosed(ServerClosedException.class);
  }

  @Test
  void emptyIdClearsTheLastId() throws InterruptedException {
    serve(stream("id: 1\ndata: a\n\nid\ndata: b\n\nid: 2\ndata: c\n\nid:\ndata: d\n\n"));
    assertOpen();
    // An empty id reaches core as "" (core then resumes without a cursor), "no id" as null.
    assertFrame("1", "message", "a");
    assertFrame("", "message", "b");
    assertFrame("2", "message", "c");
    assertFrame("", "message", "d");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void aRepeatedIdIsPassedOnSoCoreCanDropTheRepeat() throws InterruptedException {
    // A server that resumes inclusively replays the event at the cursor: it must keep its id.
    server.enqueue(
        stream("id: 41\ndata: replayed\n\nid: 41\ndata: again\n\ndata: none\n\nid: 42\ndata: b\n\n")
            .build());
    connect(Cursor.of("41"));
    assertOpen();
    assertFrame("41", "message", "replayed");
    assertFrame("41", "message", "again");
    assertFrame(null, "message", "none");
    assertFrame("42", "message", "b");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void eventsWithoutAnIdBringNoNewIdSoCoreDoesNotDropThemAsRepeats() throws InterruptedException {
    // The spec keeps id 7 as the reconnect cursor; core keeps it too, as the last id it accepted.
    serve(stream("id: 7\ndata: a\n\ndata: b\n\nevent: t\ndata: c\n\n"));
    assertOpen();
    assertFrame("7", "message", "a");
    assertFrame(null, "message", "b");
    assertFrame(null, "t", "c");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void idAndEventAfterDataBelongToTheEvent() throws InterruptedException {
    serve(stream("data: a\nid: 9\nevent: late\n\n"));
    assertOpen();
    assertFrame("9", "late", "a");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void eventTypeDoesNotCarryOver() throws InterruptedException {
    serve(stream("event: first\ndata: a\n\ndata: b\n\n"));
    assertOpen();
    assertFrame(null, "first", "a");
    assertFrame(null, "message", "b");
    assertClosed(ServerClosedException.class);
  }

  @Test
  void partialEventAtDisconnectIsDiscarded() throws InterruptedException {
    serve(stream("data: whole\n\nid: 2\ndata: partial\n"));
    assertOpen();
    assertFrame(null, "message", "whole");
    ServerClosedException closed = assertClosed(ServerClosedException.class);
    assertEquals("The server ended the event stream", closed.getMessage());
    assertExhausted();
  }

  @Test
  void retryIsAHint() throws InterruptedException {
    serve(
        stream("retry: 2500\ndata: a\n\nretry: 2500\nretry: x\nretry: 1s\ndata: b\n\nretry: 0\n"));
    assertOpen();
    Event hint = next();
    assertEquals(Kind.RETRY_HINT, hint.kind());
    assertEquals(Duration.ofMillis(2500), hint.retryHint());
    assertFrame(null, "message", "a");
    assertFrame(null, "message", "b");
    // A retry at the very end is still reported, before the close.
    hint = next();
    assertEquals(Kind.RETRY_HINT, hint.kind());
    assertEquals(Duration.ZERO, hint.retryHint());
    assertClosed(ServerClosedException.class);
    assertExhausted();
  }

  @Test
  void retryBeyondLongRangeIsIgnored() throws InterruptedException {
    serve(stream("retry: 99999999999999999999999\ndata: a\n\n"));
    assertOpen();
    assertFrame(null, "message", "a");
    assertClosed(ServerClosedException.class);
    assertExhausted();
  }

  @Test
  void fiveMegabyteEventArrivesWhole() throws InterruptedException {
    String big = "x".repeat(5 * 1024 * 1024);
    serve(stream("id: big\ndata: " + big + "\n\ndata: after\n\n"));
    assertOpen();
    Event e = next();
    assertEquals(Kind.FRAME, e.kind());
    assertEquals("big", e.frame().id());
    assertEquals(big.length(), e.frame().text().length());
    assertTrue(e.frame().text().equals(big));
    assertFrame(null, "message", "after");
    assertClosed(ServerClosedException.class);
  }

  @ParameterizedTest(name = "line ending {0}")
  @ValueSource(strings = {"LF", "CRLF", "CR"})
  void oversizedEventIsRefusedAndTheStreamGoesOn(String ending) throws InterruptedException {
    String big = "y".repeat(3000);
    String body =
        "id: 1\ndata: small\n\n"
            + "id: 2\ndata: "
            + big
            + "\ndata: more\nid: 3\n\n"
            + "data: "
            + "z".repeat(400)
            + "\ndata: "
            + "z".repeat(700)
            + "\n\n"
            + "data: after\n\n";
    server.enqueue(chunked(withEnding(body, ending), 7).build());
    connect(Cursor.none(), c -> c.maxMessageSize(1000));
    assertOpen();
    assertFrame("1", "message", "small");
    MessageTooLargeException tooLarge = assertError();
    assertEquals(1000, tooLarge.limit());
    assertTrue(tooLarge.getMessage().contains("tidings.max-message-size"), tooLarge.getMessage());
    // 400 + LF + 700 bytes of data: over the limit too, though no line is.
    assertError();
    // "after" has no id of its own; the dropped event's id does not carry over to it.
    assertFrame(null, "message", "after");
    assertClosed(ServerClosedException.class);
    assertExhausted();
  }

  @Test
  void eventExactlyAtTheLimitArrives() throws InterruptedException {
    // Data of exactly 1000 bytes over two lines (499 + LF + 500), with other fields around it.
    String first = "a".repeat(499);
    String second = "b".repeat(500);
    server.enqueue(
        stream("id: 1\nevent: e\ndata: " + first + "\ndata: " + second + "\n\n").build());
    connect(Cursor.none(), c -> c.maxMessageSize(1000));
    assertOpen();
    assertFrame("1", "e", first + "\n" + second);
    assertClosed(ServerClosedException.class);
  }

  private MessageTooLargeException assertError() throws InterruptedException {
    Event e = next();
    assertEquals(Kind.ERROR, e.kind(), () -> "expected an error, got " + e);
    return (MessageTooLargeException) e.error();
  }

  private static String withEnding(String lf, String ending) {
    switch (ending) {
      case "CRLF":
        return lf.replace("\n", "\r\n");
      case "CR":
        return lf.replace("\n", "\r");
      default:
        return lf;
    }
  }
}
