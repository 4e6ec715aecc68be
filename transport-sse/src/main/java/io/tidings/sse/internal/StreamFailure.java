package io.tidings.sse.internal;

import com.launchdarkly.eventsource.StreamException;
import io.tidings.TidingsException;

/**
 * Carries the {@link TidingsException} that ends a connection through okhttp-eventsource, which
 * only lets a {@link StreamException} out of {@code ConnectStrategy.Client.connect}.
 */
final class StreamFailure extends StreamException {
  private static final long serialVersionUID = 1L;

  private final TidingsException reason;

  StreamFailure(TidingsException reason) {
    super(reason.getMessage());
    this.reason = reason;
  }

  TidingsException reason() {
    return reason;
  }
}
