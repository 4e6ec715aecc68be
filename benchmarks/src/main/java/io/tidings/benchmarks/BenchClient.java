package io.tidings.benchmarks;

/**
 * One subscriber under test: started on construction, delivers every message's data to a {@link
 * DeliveryRecorder}, stops on {@link #close()} (and leaves no thread or connection behind).
 */
interface BenchClient extends AutoCloseable {
  /** The kind of client whose results these are: Tidings, or raw OkHttp. */
  enum Kind {
    TIDINGS("tidings"),
    RAW("raw");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name in tables and files. */
    String label() {
      return label;
    }
  }

  @Override
  void close();
}
