package io.tidings.sse.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Reports every byte read from the response body, once per read, so the count is exact and costs
 * one call per network read. Used by one reader thread.
 */
final class ByteCountingInputStream extends FilterInputStream {
  private final LongConsumer onBytes;

  ByteCountingInputStream(InputStream in, LongConsumer onBytes) {
    super(in);
    this.onBytes = onBytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      onBytes.accept(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      onBytes.accept(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    if (skipped > 0) {
      onBytes.accept(skipped);
    }
    return skipped;
  }
}
