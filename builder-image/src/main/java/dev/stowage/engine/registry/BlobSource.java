package dev.stowage.engine.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Content to upload that can be read again from any offset (for chunks and retries). */
public interface BlobSource {

  /** The size in bytes. */
  long size();

  /** A stream positioned at {@code offset}. */
  InputStream open(long offset) throws IOException;

  static BlobSource of(Path file) {
    return new BlobSource() {
      @Override
      public long size() {
        try {
          return java.nio.file.Files.size(file);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public InputStream open(long offset) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(offset);
        return Channels.newInputStream(ch);
      }

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }

  static BlobSource of(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new BlobSource() {
      @Override
      public long size() {
        return copy.length;
      }

      @Override
      public InputStream open(long offset) {
        return new ByteArrayInputStream(
            copy, (int) offset, copy.length - (int) Math.min(offset, copy.length));
      }
    };
  }
}
