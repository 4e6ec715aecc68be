package io.tidings.shortpoll;

import io.tidings.testkit.junit.TransportConformanceTest;

/** The shared transport behaviour, over shortpoll. */
class ShortPollConformanceTest extends TransportConformanceTest {
  @Override
  protected String transport() {
    return "shortpoll";
  }
}
