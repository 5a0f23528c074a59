package dev.stowage.engine.archive;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** How a layer blob is compressed, with its OCI media type. */
public enum Compression {
  NONE("application/vnd.oci.image.layer.v1.tar"),
  GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
  ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

  private static final int ZSTD_LEVEL = 3;

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
    return switch (this) {
      case NONE -> out;
      case GZIP -> new ParallelGzipOutputStream(out, threads);
      case ZSTD -> {
        ZstdOutputStream z = new ZstdOutputStream(out, ZSTD_LEVEL);
        // with at least one worker zstd's output does not depend on the worker count
        z.setWorkers(Math.max(1, threads));
        z.setChecksum(true);
        yield z;
      }
    };
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
