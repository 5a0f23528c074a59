package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A layer to add to a store: its parent, the DiffID and size of its uncompressed tar, the directory
 * that already holds the extracted content (moved into place, so it must be on the store's
 * filesystem — use {@link Store#newStagingDirectory()}) and the tar's tar-split.
 */
public record NewLayer(
    Optional<LayerId> parent,
    Digest diffId,
    long diffSize,
    Digest compressedDigest,
    long compressedSize,
    Path stagedDiff,
    TarSplitSource tarSplit,
    SortedSet<Long> uids,
    SortedSet<Long> gids,
    Instant created) {

  public NewLayer {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(compressedDigest, "compressedDigest");
    Objects.requireNonNull(stagedDiff, "stagedDiff");
    Objects.requireNonNull(tarSplit, "tarSplit");
    Objects.requireNonNull(created, "created");
    if (diffSize < 0 || compressedSize < 0) {
      throw new IllegalArgumentException("negative layer size");
    }
    uids = new TreeSet<>(uids);
    gids = new TreeSet<>(gids);
  }

  /**
   * A layer recorded as podman records an uncompressed import: the compressed digest and size are
   * the DiffID and tar size; the owners (uidset, gidset) are read from the staged content.
   */
  public static NewLayer of(
      Optional<LayerId> parent,
      Digest diffId,
      long diffSize,
      Path stagedDiff,
      TarSplitSource tarSplit) {
    return new NewLayer(
        parent,
        diffId,
        diffSize,
        diffId,
        diffSize,
        stagedDiff,
        tarSplit,
        new TreeSet<>(),
        new TreeSet<>(),
        Instant.now());
  }

  /** The same layer with the digest and size of the blob as pushed (e.g. gzip). */
  public NewLayer withCompressed(Digest digest, long size) {
    return new NewLayer(
        parent, diffId, diffSize, digest, size, stagedDiff, tarSplit, uids, gids, created);
  }

  /** The same layer with the uids and gids that own its files (empty: read them from disk). */
  public NewLayer withOwners(SortedSet<Long> newUids, SortedSet<Long> newGids) {
    return new NewLayer(
        parent,
        diffId,
        diffSize,
        compressedDigest,
        compressedSize,
        stagedDiff,
        tarSplit,
        newUids,
        newGids,
        created);
  }

  /** The id this layer gets. */
  public LayerId id() {
    return LayerId.derive(parent, diffId);
  }
}
