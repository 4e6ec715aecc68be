package io.tidings.shortpoll;

import io.tidings.polling.PollClassifyContract;

/**
 * What the short-poll provider reads from a failure: only an answer that is not a batch falls back.
 */
class ShortPollClassifyTest extends PollClassifyContract {
  ShortPollClassifyTest() {
    super(new ShortPollTransportProvider(), "shortpoll");
  }
}
