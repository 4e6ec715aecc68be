package io.tidings.websocket;

import io.tidings.testkit.junit.TransportConformanceTest;

/** The shared transport behaviour, over websocket. */
class WebSocketConformanceTest extends TransportConformanceTest {
  @Override
  protected String transport() {
    return "websocket";
  }
}
