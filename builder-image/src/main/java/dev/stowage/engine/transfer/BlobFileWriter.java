package dev.stowage.engine.transfer;

import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.image.Digest;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.OptionalInt;

/**
 * Compresses a tar into a blob file with the engine's layer compression ({@link
 * Compression#compress}: all cores, stored blocks for incompressible data), hashing the tar
 * (DiffID) and the blob (digest) on the way.
 */
final class BlobFileWriter {

  /** What was written: DiffID and size of the tar, digest and size of the blob. */
  record Written(Digest diffId, long tarSize, Digest digest, long size) {}

  /** Produces the tar into the given stream. */
  @FunctionalInterface
  interface TarSource {
    void writeTo(OutputStream tar) throws IOException;
  }

  private BlobFileWriter() {}

  static Written write(Path file, Compression compression, OptionalInt level, TarSource source)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      return write(out, compression, level, source);
    }
  }

  /**
   * As {@link #write(Path, Compression, OptionalInt, TarSource)}, into {@code sink} (left open).
   */
  static Written write(
      OutputStream sink, Compression compression, OptionalInt level, TarSource source)
      throws IOException {
    Counting blob = new Counting(new BufferedOutputStream(new NonClosing(sink), 1 << 16));
    OutputStream compressor =
        compression.compress(
            new NonClosing(blob), Runtime.getRuntime().availableProcessors(), level);
    Counting tar = new Counting(compressor);
    try (tar) {
      source.writeTo(tar);
    }
    blob.flush();
    return new Written(Digest.of(tar.md), tar.count, Digest.of(blob.md), blob.count);
  }

  /** Hashes and counts what passes through. */
  private static final class Counting extends FilterOutputStream {
    final MessageDigest md = Digest.newSha256();
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      md.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      md.update(b, off, len);
      count += len;
    }
  }

  /** Lets the compressor finish without closing the blob stream, which is hashed after. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
