package io.tidings.longpoll;

import io.tidings.spi.HttpPoller;

/** The poll body limit, as HttpPoller computes it (its formula is public through its constants). */
final class HttpPollerLimits {
  private HttpPollerLimits() {}

  static long bodyLimit(long maxMessageSize) {
    return Math.max(maxMessageSize * HttpPoller.BODY_LIMIT_FACTOR, HttpPoller.MIN_BODY_LIMIT);
  }
}
