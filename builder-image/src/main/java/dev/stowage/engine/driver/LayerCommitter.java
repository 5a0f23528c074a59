package dev.stowage.engine.driver;

import dev.stowage.engine.archive.Changes;
import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.archive.ExtractOptions;
import dev.stowage.engine.archive.LayerBlob;
import dev.stowage.engine.archive.LayerExtractor;
import dev.stowage.engine.archive.LayerOptions;
import dev.stowage.engine.archive.LayerWriter;
import dev.stowage.engine.archive.PathExclusions;
import dev.stowage.engine.archive.Snapshot;
import dev.stowage.engine.archive.TreeDiff;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.NewLayer;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.storage.TarSplitSource;
import dev.stowage.engine.storage.TarSplitWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns what a step changed in a working root file system into a layer of the primary store: the
 * tree diff of two snapshots is written as a reproducible tar, described for tar-split, and
 * extracted into a staging directory in overlay-diff form, which the store renames into place.
 */
public final class LayerCommitter {

  /** Paths never recorded: the files the engine provides to RUN steps, and device nodes. */
  public static final PathExclusions EXCLUDED =
      PathExclusions.RUNTIME_PROVIDED.plus(
          // devices a RUN step may write to: without a /dev mount (chroot, no user namespace)
          // "> /dev/null" creates a file that is not part of the image, as /dev is in buildah's
          "dev/null",
          "dev/zero",
          "dev/full",
          "dev/random",
          "dev/urandom",
          "dev/tty",
          "dev/console",
          "dev/stdin",
          "dev/stdout",
          "dev/stderr",
          "dev/fd",
          "dev/ptmx",
          "dev/pts",
          "dev/shm",
          "dev/mqueue");

  private final StoreSet stores;
  private final Path scratch;
  private final Optional<Long> timestamp;

  public LayerCommitter(StoreSet stores, Path scratch, Optional<Long> timestamp) {
    this.stores = stores;
    this.scratch = scratch;
    this.timestamp = timestamp;
  }

  /** The metadata of {@code rootfs} before a step. */
  public Snapshot before(Path rootfs) throws IOException {
    return Snapshot.take(rootfs, EXCLUDED);
  }

  /** A new layer on {@code parent} with the changes since {@code before}; empty if none. */
  public Optional<LayerRecord> commit(Path rootfs, Snapshot before, Optional<String> parent)
      throws IOException {
    Changes changes = TreeDiff.between(before, Snapshot.take(rootfs, EXCLUDED));
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    LayerOptions options =
        LayerOptions.defaults().withCompression(Compression.NONE).withExclusions(EXCLUDED);
    if (timestamp.isPresent()) {
      options = options.withTimestamp(timestamp.get());
    }
    Path tar = Files.createTempFile(scratch, "commit-", ".tar");
    try {
      LayerBlob blob;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20)) {
        blob = new LayerWriter(options).writeChanges(rootfs, changes, out);
      }
      byte[] tarSplit;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
        tarSplit = TarSplitWriter.describe(in);
      }
      Path staged = stores.primary().newStagingDirectory();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
        new LayerExtractor(ExtractOptions.overlayDiff().verifying(blob.diffId()))
            .extract(in, staged);
      }
      NewLayer spec =
          NewLayer.of(
              parent.map(LayerId::new),
              blob.diffId(),
              blob.uncompressedSize(),
              staged,
              TarSplitSource.of(tarSplit));
      return Optional.of(stores.createLayer(spec));
    } finally {
      Files.deleteIfExists(tar);
    }
  }
}
