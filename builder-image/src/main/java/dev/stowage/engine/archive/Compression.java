package dev.stowage.engine.archive;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** How a layer blob is compressed, with its OCI media type. */
public enum Compression {
  NONE("application/vnd.oci.image.layer.v1.tar"),
  GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
  ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

  private static final int ZSTD_LEVEL = 3;
  private static final int ZSTD_MAX_LEVEL = 19;

  private final String mediaType;

  Compression(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The OCI layer media type. */
  public String mediaType() {
    return mediaType;
  }

  /** Parses {@code gzip}, {@code zstd} or {@code none} (the CLI's {@code --compression}). */
  public static Compression parse(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "gzip" -> GZIP;
      case "zstd" -> ZSTD;
      case "none", "uncompressed" -> NONE;
      default ->
          throw new IllegalArgumentException(
              "unknown compression '" + text + "' (want gzip, zstd or none)");
    };
  }

  /**
   * Wraps {@code out} so that what is written gets compressed; gzip and zstd use all cores and
   * produce the same bytes whatever the number of cores. Closing the returned stream closes {@code
   * out}.
   */
  public OutputStream compress(OutputStream out, int threads) throws IOException {
    return compress(out, threads, OptionalInt.empty());
  }

  /**
   * As {@link #compress(OutputStream, int)}, at {@code level} when given ({@code
   * --compression-level}; see {@link #checkLevel}); by default gzip's fastest level 1, zstd's 3.
   */
  public OutputStream compress(OutputStream out, int threads, OptionalInt level)
      throws IOException {
    level.ifPresent(this::checkLevel);
    return switch (this) {
      case NONE -> out;
      case GZIP ->
          new ParallelGzipOutputStream(
              out, threads, level.orElse(ParallelGzipOutputStream.DEFAULT_LEVEL));
      case ZSTD -> {
        ZstdOutputStream z = new ZstdOutputStream(out, level.orElse(ZSTD_LEVEL));
        // with at least one worker zstd's output does not depend on the worker count
        z.setWorkers(Math.max(1, threads));
        z.setChecksum(true);
        yield z;
      }
    };
  }

  /**
   * Refuses a level this compression does not have: gzip 0 (stored) to 9 (smallest), zstd 1 to 19;
   * uncompressed layers have none.
   *
   * @throws IllegalArgumentException naming the range
   */
  public void checkLevel(int level) {
    switch (this) {
      case NONE ->
          throw new IllegalArgumentException(
              "--compression-level needs --compression gzip or zstd");
      case GZIP -> {
        if (level < 0 || level > 9) {
          throw new IllegalArgumentException("gzip compression level must be 0 to 9, not " + level);
        }
      }
      case ZSTD -> {
        if (level < 1 || level > ZSTD_MAX_LEVEL) {
          throw new IllegalArgumentException(
              "zstd compression level must be 1 to " + ZSTD_MAX_LEVEL + ", not " + level);
        }
      }
    }
  }

  /** Detects the compression of {@code in} from its magic bytes; {@code in} must support mark. */
  static Compression detect(BufferedInputStream in) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /** A stream of the decompressed bytes of {@code in} (all gzip members, all zstd frames). */
  InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP ->
          GzipCompressorInputStream.builder()
              .setInputStream(in)
              .setDecompressConcatenated(true)
              .get();
      case ZSTD -> new ZstdInputStream(in);
    };
  }
}
