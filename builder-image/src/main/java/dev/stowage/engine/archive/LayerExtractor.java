package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import dev.stowage.engine.image.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a layer blob (gzip, zstd or plain tar, detected from its first bytes) to a directory,
 * with OCI whiteout semantics or recording whiteouts as an overlay {@code diff/}.
 *
 * <p>Safety: the layer is first extracted into a fresh staging directory next to the destination
 * (same filesystem), where every entry is checked — {@code ..}, NUL, writing through a symlink the
 * layer planted, hard links to anything but an earlier entry — and the DiffID is verified. Only a
 * layer that passed all of it reaches the destination: renamed into place when the destination is
 * empty, merged by renames otherwise. A refused layer leaves the destination as it was and the
 * staging directory is removed. Staging costs nothing extra (renames, no copies) and, unlike
 * recording and rolling back, also covers a DiffID mismatch found only at the very end.
 */
public final class LayerExtractor {

  private static final Logger LOG = LoggerFactory.getLogger(LayerExtractor.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ExtractOptions options;

  public LayerExtractor(ExtractOptions options) {
    this.options = options;
  }

  /** Extracts the layer read from {@code blob} into {@code destination} (created if missing). */
  public ExtractResult extract(InputStream blob, Path destination) throws IOException {
    Path dest = destination.toAbsolutePath().normalize();
    Path parent = dest.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("cannot extract a layer onto /; use a directory below it");
    }
    Files.createDirectories(parent);
    boolean destExists = Files.exists(dest, LinkOption.NOFOLLOW_LINKS);
    if (destExists && !Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("layer destination " + dest + " is not a directory");
    }
    boolean destEmpty = !destExists || FileTrees.isEmptyDirectory(dest);
    if (options.whiteouts() == WhiteoutMode.OVERLAY && !destEmpty) {
      throw new IOException("overlay diff destination " + dest + " must be empty");
    }
    Path stage =
        parent.resolve(
            "." + dest.getFileName() + ".extract-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
    Files.createDirectory(stage);
    try {
      Stager stager = new Stager(stage, options);
      ExtractResult result = stageLayer(blob, stager);
      if (destEmpty) {
        if (destExists) {
          if (stager.rootEntry() == null) {
            copyRootMetadata(dest, stage);
          }
          Files.move(
              stage, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.move(stage, dest, StandardCopyOption.ATOMIC_MOVE);
        }
      } else {
        new Merger(stage, dest, stager, options.restoreOwnership()).merge();
      }
      LOG.debug(
          "extracted {} entries of layer {} into {}", result.entries(), result.diffId(), dest);
      return result;
    } finally {
      FileTrees.delete(stage);
    }
  }

  private ExtractResult stageLayer(InputStream blob, Stager stager) throws IOException {
    HashingInputStream raw = new HashingInputStream(blob);
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    Compression compression = Compression.detect(buffered);
    InputStream decompressed = compression.decompress(buffered);
    HashingInputStream tarBytes =
        new HashingInputStream(new BufferedInputStream(decompressed, 1 << 16));
    TarReader reader = new TarReader(tarBytes);
    for (TarEntry e = reader.next(); e != null; e = reader.next()) {
      stager.add(e, reader.content());
    }
    tarBytes.drain();
    buffered.transferTo(java.io.OutputStream.nullOutputStream());
    Digest diffId = tarBytes.digest();
    if (options.expectedDiffId().isPresent() && !options.expectedDiffId().get().equals(diffId)) {
      throw new DiffIdMismatchException(options.expectedDiffId().get(), diffId);
    }
    stager.finish();
    return new ExtractResult(
        diffId, tarBytes.count(), raw.digest(), raw.count(), compression, stager.entries());
  }

  private static void copyRootMetadata(Path from, Path to) throws IOException {
    FileStat st = Posix.lstat(from);
    Posix.lchown(to, st.uid(), st.gid());
    Posix.chmod(to, st.permissions());
    for (var x : Xattrs.getAll(from).entrySet()) {
      Xattrs.set(to, x.getKey(), x.getValue());
    }
  }
}
