package io.tidings.sse;

import io.tidings.testkit.junit.TransportConformanceTest;

/** The shared transport behaviour, over sse. */
class SseConformanceTest extends TransportConformanceTest {
  @Override
  protected String transport() {
    return "sse";
  }
}
