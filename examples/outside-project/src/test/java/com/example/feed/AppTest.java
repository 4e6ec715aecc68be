package com.example.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.testkit.ReferenceServer;
import io.tidings.testkit.junit.ReferenceServerExtension;
import io.tidings.testkit.junit.ServerUrl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the application against the testkit's reference server. */
@ExtendWith(ReferenceServerExtension.class)
class AppTest {
  @Test
  void printsTheFirstMessagesOfTheFeed(@ServerUrl String url, ReferenceServer server)
      throws Exception {
    List<String> ids = server.publish(10); // retained: a client without cursor gets them first
    System.setProperty("tidings.url", url); // overrides tidings.properties, as -Dtidings.url= does
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = App.run();
    } finally {
      System.setOut(out);
      System.clearProperty("tidings.url");
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    out.print(text);
    assertEquals(0, status);
    assertEquals(
        ids.stream().map(id -> id + " {\"n\":" + id + "}").toList(), text.lines().toList());
  }
}
