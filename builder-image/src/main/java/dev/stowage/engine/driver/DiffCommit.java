package dev.stowage.engine.driver;

import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.archive.LayerBlob;
import dev.stowage.engine.archive.LayerOptions;
import dev.stowage.engine.archive.LayerWriter;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.NewLayer;
import dev.stowage.engine.storage.TarSplitSource;
import dev.stowage.engine.storage.TarSplitWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An upper directory as a layer of the primary store: normalised, written once as a tar only to
 * hash it and describe it for tar-split (no copy of its content), then moved into place.
 */
final class DiffCommit {

  private DiffCommit() {}

  /**
   * The layer on {@code parent} holding {@code upper} (mounted over {@code lowers}); empty, and
   * {@code upper} left where it is, when the step changed nothing.
   */
  static Optional<LayerRecord> commit(
      DriverContext context, Path upper, List<Path> lowers, Optional<String> parent)
      throws IOException {
    // the diff directory must hold exactly what the tar holds: excluded paths go from both
    for (String excluded : LayerCommitter.EXCLUDED.paths()) {
      FileTrees.delete(upper.resolve(excluded));
    }
    if (!UpperDirectory.normalize(upper, lowers, context.timestamp())
        || FileTrees.isEmptyDirectory(upper)) {
      return Optional.empty();
    }
    LayerOptions options =
        LayerOptions.defaults()
            .withCompression(Compression.NONE)
            .withExclusions(LayerCommitter.EXCLUDED);
    if (context.timestamp().isPresent()) {
      options = options.withTimestamp(context.timestamp().get());
    }
    ByteArrayOutputStream split = new ByteArrayOutputStream();
    LayerBlob blob;
    try (TarSplitWriter describer = new TarSplitWriter(split)) {
      blob = new LayerWriter(options).writeOverlayDiff(upper, describer);
    }
    NewLayer spec =
        NewLayer.of(
            parent.map(LayerId::new),
            blob.diffId(),
            blob.uncompressedSize(),
            upper,
            TarSplitSource.of(split.toByteArray()));
    return Optional.of(context.stores().createLayer(spec));
  }
}
