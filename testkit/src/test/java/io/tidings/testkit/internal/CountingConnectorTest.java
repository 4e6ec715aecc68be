package io.tidings.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.testkit.Await;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.DefaultHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CountingConnectorTest {
  @Test
  void closedEndpointsAreForgottenWithoutAskingForTheOpenCount() throws Exception {
    Server server = new Server();
    CountingConnector connector = new CountingConnector(server, new HttpConnectionFactory());
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new DefaultHandler());
    server.start();
    try {
      for (int i = 0; i < 20; i++) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), connector.getLocalPort())) {
          OutputStream out = s.getOutputStream();
          out.write(
              "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          InputStream in = s.getInputStream();
          while (in.read() >= 0) {
            // read the answer to its end: the server closes the connection
          }
        }
      }
      assertEquals(20, connector.accepted());
      Await.until(() -> connector.tracked() == 0, Duration.ofSeconds(10), "no endpoint tracked");
      assertEquals(0, connector.openEndPoints());
    } finally {
      server.stop();
    }
  }
}
