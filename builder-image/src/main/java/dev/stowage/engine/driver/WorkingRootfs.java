package dev.stowage.engine.driver;

import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.archive.ExtractOptions;
import dev.stowage.engine.archive.LayerExtractor;
import dev.stowage.engine.archive.LayerOptions;
import dev.stowage.engine.archive.LayerWriter;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.storage.TarSplitIndex;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The root file system of a working container for the {@code native} driver: a plain directory
 * holding the lower layers applied in order. It follows the stage's top layer lazily, applying only
 * the layers it lacks, so steps served from the cache cost nothing until a step must run.
 */
final class WorkingRootfs {

  private final Path dir;
  private final Path scratch;
  private final StoreSet stores;
  private final List<String> applied = new ArrayList<>();

  WorkingRootfs(Path dir, Path scratch, StoreSet stores) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.scratch = Files.createDirectories(scratch);
    this.stores = stores;
  }

  Path dir() {
    return dir;
  }

  /** Brings the directory to the content of {@code topLayer} (empty for none) and returns it. */
  Path syncTo(Optional<String> topLayer) throws IOException {
    List<ResolvedLayer> chain = topLayer.map(stores::layerChain).orElse(List.of());
    List<String> ids = chain.stream().map(ResolvedLayer::id).toList();
    boolean prefix = applied.size() <= ids.size() && ids.subList(0, applied.size()).equals(applied);
    if (!prefix) {
      clear();
    }
    for (int i = applied.size(); i < chain.size(); i++) {
      apply(chain.get(i));
    }
    return dir;
  }

  /** Records that {@code layerId} was made from this directory's current content. */
  void committed(String layerId) {
    applied.add(layerId);
  }

  /** Forgets the content, e.g. after a failed step left it half-changed. */
  void invalidate() {
    applied.clear();
    applied.add("\0dirty");
  }

  private void apply(ResolvedLayer layer) throws IOException {
    // The layer's overlay diff/ goes through the archive package as a tar: one well-tested code
    // path turns whiteouts, opaque markers, owners, xattrs and hard links into the applied tree.
    Path tar = Files.createTempFile(scratch, "layer-", ".tar");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20)) {
        new LayerWriter(LayerOptions.defaults().withCompression(Compression.NONE))
            .writeOverlayDiff(layer.diffDirectory(), TarSplitIndex.opaqueDirectories(layer), out);
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
        new LayerExtractor(ExtractOptions.apply()).extract(in, dir);
      }
      applied.add(layer.id());
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  private void clear() throws IOException {
    applied.clear();
    FileTrees.deleteContents(dir);
  }
}
