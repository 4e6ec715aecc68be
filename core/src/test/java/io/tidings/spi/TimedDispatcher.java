package io.tidings.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that notes when each request arrived at the server ({@link
 * System#nanoTime()}, taken before the answer is written) and answers with {@code answer}. Gaps
 * between arrivals are lower bounds of the client's pauses: the client reads an answer only after
 * it was dispatched, and pauses only after reading it. So a test can assert that a pause was at
 * least its configured length without any slack for a slow machine. Shared with the polling
 * transports through the test-jar.
 */
public final class TimedDispatcher extends Dispatcher {
  private final Function<Integer, MockResponse> answer;
  private final List<Long> arrivals = new ArrayList<>();

  /** Answers the request numbered {@code n} (from 0) with {@code answer.apply(n)}. */
  public TimedDispatcher(Function<Integer, MockResponse> answer) {
    this.answer = answer;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    int n;
    synchronized (arrivals) {
      n = arrivals.size();
      arrivals.add(System.nanoTime());
    }
    return answer.apply(n);
  }

  /** How many requests arrived. */
  public int count() {
    synchronized (arrivals) {
      return arrivals.size();
    }
  }

  /** The time between the arrival of request {@code from} and that of request {@code to}. */
  public Duration between(int from, int to) {
    synchronized (arrivals) {
      return Duration.ofNanos(arrivals.get(to) - arrivals.get(from));
    }
  }
}
