package io.tidings.longpoll;

import io.tidings.polling.PollClassifyContract;

/**
 * What the long-poll provider reads from a failure: only an answer that is not a batch falls back.
 */
class LongPollClassifyTest extends PollClassifyContract {
  LongPollClassifyTest() {
    super(new LongPollTransportProvider(), "longpoll");
  }
}
