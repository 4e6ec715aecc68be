package io.tidings.polling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.ProtocolException;
import io.tidings.spi.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that tells a poll answer that is not a batch at all (a fall-back) from a bad batch. */
class NotABatchTest {
  private static ProtocolException check(String contentType, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return NotABatch.check(200, contentType, b, b.length, "http://h/feed", Redactor.NONE);
  }

  @Test
  void aPageThatIsNotJsonUnderATypeThatIsNotJsonIsNotABatch() {
    for (String type : new String[] {"text/html", "text/html; charset=utf-8", "text/plain", null}) {
      for (String body :
          List.of("<html>Sign in</html>", "Service Unavailable", "  \r\n<!DOCTYPE")) {
        ProtocolException e = check(type, body);
        assertNotNull(e, () -> type + " / " + body);
        assertTrue(NotABatch.isCauseOf(e));
        NotABatch cause = assertInstanceOf(NotABatch.class, e.getCause());
        assertEquals(200, cause.status());
        assertEquals(type, cause.contentType().orElse(null));
      }
    }
  }

  @Test
  void jsonUnderAnyTypeAndAnyBodyDeclaredJsonAreLeftToTheBatchReader() {
    for (String type : new String[] {"text/html", "text/plain", "application/octet-stream", null}) {
      assertNull(check(type, "[{\"id\":\"1\",\"data\":1}]"), type);
      assertNull(check(type, " \n{\"messages\":[]}"), type);
      assertNull(check(type, "\uFEFF[]"), type); // a byte order mark first
      assertNull(check(type, ""), "an empty body is nothing new");
      assertNull(check(type, "   "), "a blank body is nothing new");
    }
    for (String type :
        new String[] {
          "application/json",
          "Application/JSON; charset=utf-8",
          "application/vnd.feed+json",
          "text/json"
        }) {
      assertTrue(NotABatch.isJson(type), type);
      // Declared JSON: a broken body is a decode error of a server that speaks the protocol.
      assertNull(check(type, "<html></html>"), type);
    }
    assertFalse(NotABatch.isJson("text/html"));
    assertFalse(NotABatch.isJson("application/jsonp"));
  }

  @Test
  void theMessageNamesStatusTypeAndTheFirstBytesRedactedAndBounded() {
    String secret = "s3cr3t-token";
    String page = "<html><body>token " + secret + "</body></html>" + "x".repeat(500);
    byte[] b = page.getBytes(StandardCharsets.UTF_8);
    ProtocolException e =
        NotABatch.check(
            203, "text/html", b, b.length, "http://h/feed", Redactor.of(List.of(secret)));
    NotABatch cause = (NotABatch) e.getCause();
    assertFalse(e.getMessage().contains(secret), e.getMessage());
    assertFalse(cause.start().contains(secret), cause.start());
    assertTrue(cause.start().startsWith("<html><body>token " + Redactor.MASK), cause.start());
    assertTrue(cause.start().length() <= NotABatch.SHOWN_BYTES + 1, cause.start());
    assertTrue(cause.start().endsWith("…"), cause.start());
    for (String part :
        List.of("http://h/feed", "HTTP 203", "Content-Type text/html", "not a batch")) {
      assertTrue(e.getMessage().contains(part), () -> part + " in " + e.getMessage());
    }
    assertTrue(e.getMessage().contains("tidings.transport"), e.getMessage());
  }

  @Test
  void onlyTheMarkedFailureIsRecognized() {
    assertFalse(NotABatch.isCauseOf(new ProtocolException("something else")));
    assertFalse(NotABatch.isCauseOf(new DecodeException("not valid JSON", null)));
    assertFalse(NotABatch.isCauseOf(new ConnectionException("connection reset", null)));
  }
}
