package dev.stowage.engine.archive;

import dev.stowage.engine.image.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes through while hashing (sha256) and counting them. */
final class HashingOutputStream extends FilterOutputStream {

  private final MessageDigest sha256 = Digest.newSha256();
  private long count;
  private final boolean closeTarget;

  HashingOutputStream(OutputStream out, boolean closeTarget) {
    super(out);
    this.closeTarget = closeTarget;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    count += len;
  }

  long count() {
    return count;
  }

  Digest digest() {
    return Digest.of(sha256);
  }

  @Override
  public void close() throws IOException {
    if (closeTarget) {
      out.close();
    } else {
      out.flush();
    }
  }
}
