package io.tidings.longpoll;

import io.tidings.testkit.junit.TransportConformanceTest;

/** The shared transport behaviour, over longpoll. */
class LongPollConformanceTest extends TransportConformanceTest {
  @Override
  protected String transport() {
    return "longpoll";
  }
}
