package dev.stowage.engine.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code limit} bytes and reports the running count to a listener. */
final class ProgressInputStream extends FilterInputStream {

  private final ProgressListener listener;
  private final long total;
  private long remaining;
  private long done;

  ProgressInputStream(
      InputStream in, long startDone, long limit, long total, ProgressListener listener) {
    super(in);
    this.done = startDone;
    this.remaining = limit;
    this.total = total;
    this.listener = listener;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = super.read(b, off, (int) Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
      done += n;
      listener.onProgress(done, total);
    }
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("skip");
  }
}
