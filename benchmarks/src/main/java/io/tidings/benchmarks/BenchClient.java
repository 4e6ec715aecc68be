package io.tidings.benchmarks;

/**
 * One subscriber under test: started on construction, delivers every message's data to a {@link
 * DeliveryRecorder}, stops on {@link #close()} (and leaves no thread or connection behind).
 */
interface BenchClient extends AutoCloseable {
  /**
   * The kind of client whose results these are: Tidings, raw OkHttp, or (SSE only) the
   * okhttp-eventsource library used directly.
   */
  enum Kind {
    TIDINGS("tidings"),
    RAW("raw"),
    EVENTSOURCE("okhttp-eventsource");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name in tables and files. */
    String label() {
      return label;
    }

    /** The clients compared over {@code transport}: Tidings first, then its baselines. */
    static java.util.List<Kind> forTransport(String transport) {
      return "sse".equals(transport)
          ? java.util.List.of(TIDINGS, RAW, EVENTSOURCE)
          : java.util.List.of(TIDINGS, RAW);
    }
  }

  @Override
  void close();
}
