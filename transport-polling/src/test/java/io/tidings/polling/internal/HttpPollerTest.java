package io.tidings.polling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidings.polling.PollOptions;
import org.junit.jupiter.api.Test;

class HttpPollerTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void thePollBodyLimitIsFourMessagesAndAtLeast64MiB() {
    assertEquals(64 * MIB, HttpPoller.MIN_BODY_LIMIT);
    assertEquals(4, HttpPoller.BODY_LIMIT_FACTOR);
    assertEquals(64 * MIB, HttpPoller.bodyLimit(1));
    assertEquals(64 * MIB, HttpPoller.bodyLimit(8 * MIB));
    assertEquals(64 * MIB, HttpPoller.bodyLimit(16 * MIB));
    assertEquals(68 * MIB, HttpPoller.bodyLimit(17 * MIB));
    assertEquals(400 * MIB, HttpPoller.bodyLimit(100 * MIB));
  }

  @Test
  void thePollBodyLimitCanBeSetAndIsOtherwiseDerived() {
    io.tidings.SubscriptionConfig.Builder b =
        io.tidings.SubscriptionConfig.builder()
            .url(java.net.URI.create("http://localhost/x"))
            .maxMessageSize(20 * MIB);
    assertEquals(80 * MIB, PollOptions.maxBodySize(b.build()));
    assertEquals(
        3 * MIB, PollOptions.maxBodySize(b.option(PollOptions.MAX_BODY_SIZE, 3 * MIB).build()));
    assertEquals(
        80 * MIB, PollOptions.maxBodySize(b.option(PollOptions.MAX_BODY_SIZE, 0L).build()));
    assertThrows(IllegalArgumentException.class, () -> b.option(PollOptions.MAX_BODY_SIZE, -1L));
  }

  @Test
  void thePollBodyLimitDoesNotOverflow() {
    assertEquals(Long.MAX_VALUE, HttpPoller.bodyLimit(Long.MAX_VALUE));
    assertEquals(Long.MAX_VALUE, HttpPoller.bodyLimit(Long.MAX_VALUE / 4 + 1));
  }
}
