package io.tidings.sse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Drops one UTF-8 byte order mark (EF BB BF) at the start of an event stream, as the HTML
 * specification requires ("One leading U+FEFF BYTE ORDER MARK character must be ignored").
 * okhttp-eventsource 4.3.0 does not: it would read the mark as part of the first field name and
 * lose the first line. The check happens on the first read, so opening the stream never blocks.
 * Used by one reader thread.
 */
final class LeadingBomSkipper extends InputStream {
  private static final int[] BOM = {0xEF, 0xBB, 0xBF};

  private final PushbackInputStream in;
  private boolean checked;

  LeadingBomSkipper(InputStream in) {
    this.in = new PushbackInputStream(in, BOM.length);
  }

  @Override
  public int read() throws IOException {
    skipBomOnce();
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    skipBomOnce();
    return in.read(b, off, len);
  }

  @Override
  public int available() throws IOException {
    return checked ? in.available() : 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void skipBomOnce() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    byte[] seen = new byte[BOM.length];
    for (int i = 0; i < BOM.length; i++) {
      int b = in.read();
      if (b != BOM[i]) {
        // Not a BOM: give back what was read (a byte that differs, then the matching prefix).
        if (b >= 0) {
          in.unread(b);
        }
        in.unread(seen, 0, i);
        return;
      }
      seen[i] = (byte) b;
    }
  }
}
