package dev.stowage.engine.build;

import dev.stowage.engine.archive.ExtractOptions;
import dev.stowage.engine.archive.LayerExtractor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * ADD's local archives: a tar, plain or compressed (gzip, bzip2, zstd), is extracted at the
 * destination through the archive package's safe extractor; anything else is copied as a file.
 */
final class LocalArchive {

  private LocalArchive() {}

  /** Whether {@code file} is a tar archive, possibly compressed. */
  static boolean isArchive(Path file) throws IOException {
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (InputStream in = decompressed(file)) {
      byte[] header = in.readNBytes(512);
      if (header.length < 512) {
        return false;
      }
      String magic = new String(Arrays.copyOfRange(header, 257, 262), StandardCharsets.US_ASCII);
      return magic.equals("ustar");
    } catch (IOException e) {
      return false;
    }
  }

  /** Extracts the archive into {@code directory}, refusing entries that would leave it. */
  static void extract(Path file, Path directory) throws IOException {
    try (InputStream in = decompressed(file)) {
      new LayerExtractor(ExtractOptions.apply()).extract(in, directory);
    }
  }

  private static InputStream decompressed(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(4);
    byte[] m = raw.readNBytes(3);
    raw.reset();
    if (m.length == 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
      return new BufferedInputStream(new BZip2CompressorInputStream(raw), 1 << 16);
    }
    if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
      return new BufferedInputStream(new java.util.zip.GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    if (m.length == 3 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f) {
      return new BufferedInputStream(new com.github.luben.zstd.ZstdInputStream(raw), 1 << 16);
    }
    return raw;
  }
}
