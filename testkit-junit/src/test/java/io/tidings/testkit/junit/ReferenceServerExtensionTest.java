package io.tidings.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.testkit.Faults;
import io.tidings.testkit.ReferenceServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ReferenceServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceServerExtensionTest {
  private static ReferenceServer first;

  @Test
  @Order(1)
  void injectsTheServerItsUrlAndItsFaults(
      ReferenceServer server, @ServerUrl String url, @ServerUrl URI uri, Faults faults)
      throws Exception {
    first = server;
    assertEquals(server.url(), url);
    assertEquals(URI.create(server.url()), uri);
    assertSame(server.faults(), faults);
    faults.respond(503, 5); // left switched on: cleared after this test
    assertEquals(503, get(url).statusCode());
  }

  @Test
  @Order(2)
  void oneServerPerClassWithTheFaultsClearedBetweenTests(ReferenceServer server) throws Exception {
    assertSame(first, server, "the same server for the whole class");
    server.publish(1);
    HttpResponse<String> poll = get(server.url() + "?lastEventId=0");
    assertEquals(200, poll.statusCode(), poll.body());
    assertTrue(poll.body().contains("\"n\""), poll.body());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
