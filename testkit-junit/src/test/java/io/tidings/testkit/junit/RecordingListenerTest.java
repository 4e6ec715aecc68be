package io.tidings.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.FailureKind;
import io.tidings.Gap;
import io.tidings.Message;
import io.tidings.SubscriptionState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RecordingListenerTest {
  private static final Duration SHORT = Duration.ofMillis(50);
  private static final Duration LONG = Duration.ofSeconds(10);

  private static Message message(String id) {
    return Message.builder().id(id).data("{}").build();
  }

  @Test
  void readsMessagesSkippingStateChanges() {
    RecordingListener l = new RecordingListener();
    l.onStateChange(SubscriptionState.CONNECTING, SubscriptionState.OPEN, null);
    l.onMessage(message("1"));
    l.onMessage(message("2"));
    l.onMessage(message("3"));
    l.onMessage(message("4"));
    assertEquals("1", l.assertNextMessage(LONG).id());
    l.assertNextMessageWithId("2");
    assertEquals(List.of(message("3"), message("4")), l.assertNextMessages(2, LONG));
    l.assertExhausted();
    assertEquals(4, l.messages().size());
  }

  @Test
  void waitsForEventsFromOtherThreads() throws Exception {
    RecordingListener l = new RecordingListener();
    Thread t = new Thread(() -> l.onMessage(message("7")));
    t.start();
    assertEquals("7", l.assertNextMessage(LONG).id());
    t.join();
  }

  @Test
  void failsWhenAnotherKindIsInTheWayOrNothingComes() {
    RecordingListener l = new RecordingListener();
    assertThrows(AssertionError.class, () -> l.assertNextMessage(SHORT));
    l.onError(new DecodeException("bad", null));
    AssertionError e = assertThrows(AssertionError.class, () -> l.assertNextMessage(SHORT));
    assertTrue(e.getMessage().contains("ERROR"), e.getMessage());
    l.onMessage(message("1"));
    assertThrows(AssertionError.class, () -> l.assertNextMessageWithId("2", SHORT));
  }

  @Test
  void errorsGapsStatesAndClose() {
    RecordingListener l = new RecordingListener();
    l.onError(new DecodeException("bad", null));
    l.onGap(new Gap(Gap.Reason.HISTORY_LOST, 3, 5, null));
    l.onError(new DecodeException("bad again", null));
    l.onStateChange(SubscriptionState.OPEN, SubscriptionState.RECONNECTING, null);
    IllegalStateException cause = new IllegalStateException("gave up");
    l.onClosed(cause);
    assertEquals("bad", l.assertNextError(DecodeException.class, LONG).getMessage());
    assertEquals(Gap.Reason.HISTORY_LOST, l.assertNextGap(LONG).reason());
    l.assertNextError(FailureKind.DECODE, LONG);
    l.assertNextState(SubscriptionState.RECONNECTING, LONG);
    assertSame(cause, l.awaitClosed(LONG));
    assertTrue(l.isClosed());
    assertThrows(AssertionError.class, l::assertExhausted);
    l.skip(RecordingListener.Kind.CLOSED);
    l.assertExhausted();
  }

  @Test
  void skipsWhatItIsToldTo() {
    RecordingListener l = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    l.onError(new DecodeException("dropped connection", null));
    l.onMessage(message("1"));
    l.assertNextMessageWithId("1");
    l.assertExhausted();
    RecordingListener strict = new RecordingListener().skipOnly();
    strict.onStateChange(SubscriptionState.CONNECTING, SubscriptionState.OPEN, null);
    strict.onMessage(message("1"));
    assertThrows(AssertionError.class, () -> strict.assertNextMessage(SHORT));
  }

  @Test
  void awaitStateLooksAtTheWholeLogWithoutConsuming() {
    RecordingListener l = new RecordingListener();
    l.onStateChange(SubscriptionState.CONNECTING, SubscriptionState.OPEN, null);
    l.onMessage(message("1"));
    assertNull(l.awaitState(SubscriptionState.OPEN, LONG).cause());
    l.assertNextMessageWithId("1");
    assertThrows(AssertionError.class, () -> l.awaitState(SubscriptionState.CLOSED, SHORT));
  }

  @Test
  void reportsCallbacksAfterClose() {
    RecordingListener l = new RecordingListener().skip(RecordingListener.Kind.CLOSED);
    l.onClosed(null);
    l.onMessage(message("1"));
    l.assertNextMessageWithId("1");
    AssertionError e = assertThrows(AssertionError.class, l::assertExhausted);
    assertTrue(e.getMessage().contains("after onClosed"), e.getMessage());
  }
}
