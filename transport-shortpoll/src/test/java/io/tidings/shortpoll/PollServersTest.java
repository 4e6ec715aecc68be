package io.tidings.shortpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.DecodeException;
import io.tidings.Message;
import io.tidings.MessageFormat;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.spi.TimedDispatcher;
import io.tidings.testkit.Await;
import io.tidings.testkit.junit.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polling against what real servers do (issue 10): validators that only identify a message
 * together, answers that are JSON but not a batch, a server's own timeout of a poll.
 */
class PollServersTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String T1 = "Thu, 03 Dec 2026 07:27:34 GMT";
  private static final String T2 = "Thu, 03 Dec 2026 07:27:36 GMT";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SubscriptionConfig.Builder config() {
    return SubscriptionConfig.builder()
        .url(server.url("/sub").uri())
        .transport("shortpoll")
        .option(ShortPollTransportProvider.INTERVAL, Duration.ofMillis(20))
        .reconnectPolicy(ReconnectPolicy.fixedDelay(Duration.ofMillis(20)));
  }

  /**
   * nchan's scheme: a message is (Last-Modified, Etag), the Etag restarting at 0 every second. A
   * request with both validators gets the message after them; with neither, or with only {@code
   * If-None-Match}, the oldest; at the end, 304.
   */
  static final class NchanLike extends Dispatcher {
    final List<String[]> messages = new ArrayList<>(); // {lastModified, etag, body}
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger(-1); // fail the poll after this many answers
    private final AtomicInteger answered = new AtomicInteger();

    NchanLike add(String lastModified, String etag, String body) {
      messages.add(new String[] {lastModified, etag, body});
      return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(request);
      if (failNext.get() >= 0 && answered.get() == failNext.get()) {
        failNext.set(-1);
        return new MockResponse.Builder().code(503).build();
      }
      String since = request.getHeaders().get("If-Modified-Since");
      String tag = request.getHeaders().get("If-None-Match");
      int next = 0;
      if (since != null && tag != null) {
        next = messages.size();
        for (int i = 0; i < messages.size(); i++) {
          if (messages.get(i)[0].equals(since) && messages.get(i)[1].equals(tag)) {
            next = i + 1;
          }
        }
      }
      if (next >= messages.size()) {
        return new MockResponse.Builder().code(304).build();
      }
      answered.incrementAndGet();
      String[] m = messages.get(next);
      return new MockResponse.Builder()
          .setHeader("Last-Modified", m[0])
          .setHeader("Etag", m[1])
          .body(m[2])
          .build();
    }
  }

  private static NchanLike fiveMessagesOverTwoSeconds() {
    return new NchanLike()
        .add(T1, "0", "m0")
        .add(T1, "1", "m1")
        .add(T1, "2", "m2")
        .add(T2, "0", "m3")
        .add(T2, "1", "m4");
  }

  private static List<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::data).collect(Collectors.toList());
  }

  private static List<String> expected(int n) {
    return IntStream.range(0, n).mapToObj(i -> "m" + i).collect(Collectors.toList());
  }

  @Test
  void aMessageIsIdentifiedByAllItsValidatorsSoNoneIsDroppedAsADuplicate() throws Exception {
    NchanLike nchan = fiveMessagesOverTwoSeconds();
    server.setDispatcher(nchan);
    RecordingListener listener = new RecordingListener();
    // The default ordering, deduplicate: Etag 0 comes twice, with two Last-Modified dates.
    try (Subscription sub =
        Tidings.subscribe(config().format(MessageFormat.RAW).build(), listener)) {
      List<Message> got = listener.assertNextMessages(5, WAIT);
      assertEquals(expected(5), bodies(got));
      assertEquals("0 " + T1, got.get(0).id());
      assertEquals("0 " + T2, got.get(3).id());
      assertEquals(0, sub.stats().duplicatesDropped(), sub.stats().toString());
    }
  }

  @Test
  void aNewConnectionResumesWithEveryValidatorNotOnlyTheETag() throws Exception {
    NchanLike nchan = fiveMessagesOverTwoSeconds();
    nchan.failNext.set(3); // after m2, the poll fails: a new connection must go on at m3
    server.setDispatcher(nchan);
    RecordingListener listener = new RecordingListener().skip(RecordingListener.Kind.ERROR);
    SubscriptionConfig config =
        config().format(MessageFormat.RAW).orderingPolicy(OrderingPolicy.asReceived()).build();
    try (Subscription sub = Tidings.subscribe(config, listener)) {
      List<Message> got = listener.assertNextMessages(5, WAIT);
      // With only If-None-Match the server replays from its oldest message: m0 again, not m3.
      assertEquals(expected(5), bodies(got));
      assertEquals(1, sub.stats().reconnects(), sub.stats().toString());
      RecordedRequest resumed =
          nchan.requests.stream()
              .filter(r -> "2".equals(r.getHeaders().get("If-None-Match")))
              .reduce((a, b) -> b)
              .orElseThrow();
      assertEquals(T1, resumed.getHeaders().get("If-Modified-Since"));
    }
  }

  @Test
  void aServerTimingOutThePollWith408MeansNothingNew() throws Exception {
    TimedDispatcher dispatcher =
        new TimedDispatcher(
            n ->
                n == 0
                    ? new MockResponse.Builder().body("[{\"id\":\"1\",\"data\":1}]").build()
                    : new MockResponse.Builder().code(408).setHeader("Etag", "0").build());
    server.setDispatcher(dispatcher);
    RecordingListener listener = new RecordingListener();
    try (Subscription sub = Tidings.subscribe(config().build(), listener)) {
      listener.assertNextMessageWithId("1", WAIT);
      Await.until(() -> dispatcher.count() >= 5, WAIT, "five polls");
      assertEquals(List.of(), listener.errors());
      assertEquals(0, sub.stats().reconnects(), sub.stats().toString());
    }
  }

  @Test
  void aJsonObjectThatIsNotABatchIsSaidOnceAndSuggestsTheRawFormat() throws Exception {
    TimedDispatcher dispatcher =
        new TimedDispatcher(
            n -> new MockResponse.Builder().body("{\"name\":\"a\",\"price\":1.5}").build());
    server.setDispatcher(dispatcher);
    assertSaidOnce(dispatcher, "{\"name\":\"a\"");
  }

  @Test
  void aJsonCollectionOfPlainObjectsIsSaidOnceAndSuggestsTheRawFormat() throws Exception {
    TimedDispatcher dispatcher =
        new TimedDispatcher(
            n -> new MockResponse.Builder().body("[{\"id\":1,\"name\":\"a\"}]").build());
    server.setDispatcher(dispatcher);
    assertSaidOnce(dispatcher, "[{\"id\":1");
  }

  private void assertSaidOnce(TimedDispatcher dispatcher, String shown) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Subscription sub = Tidings.subscribe(config().build(), listener)) {
      TidingsException error = listener.assertNextError(DecodeException.class, WAIT);
      assertTrue(error.getMessage().contains("tidings.format=raw"), error.getMessage());
      assertTrue(error.getMessage().contains(shown), error.getMessage());
      Await.until(() -> dispatcher.count() >= 5, WAIT, "five polls");
      assertEquals(1, listener.errors().size(), listener.errors().toString());
      assertEquals(List.of(), listener.messages());
      assertEquals(0, sub.stats().reconnects(), sub.stats().toString());
    }
  }
}
