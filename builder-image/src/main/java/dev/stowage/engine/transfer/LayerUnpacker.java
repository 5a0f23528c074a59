package dev.stowage.engine.transfer;

import dev.stowage.engine.archive.ExtractOptions;
import dev.stowage.engine.archive.ExtractResult;
import dev.stowage.engine.archive.LayerExtractor;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.NewLayer;
import dev.stowage.engine.storage.Store;
import dev.stowage.engine.storage.TarSplitSource;
import dev.stowage.engine.storage.TarSplitWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Extracts one layer blob into a staging directory of our store as an overlay {@code diff/},
 * writing its tar-split on the way, and describes it as a {@link NewLayer} ready for {@code
 * createLayer}.
 */
final class LayerUnpacker {

  private final Store store;

  LayerUnpacker(Store store) {
    this.store = store;
  }

  /**
   * @param expectedDiffId verified against the uncompressed tar; the layer is refused on mismatch
   */
  NewLayer unpack(Path blob, Optional<LayerId> parent, Optional<Digest> expectedDiffId)
      throws IOException {
    Path staged = store.newStagingDirectory();
    try {
      ExtractOptions options = ExtractOptions.overlayDiff();
      if (expectedDiffId.isPresent()) {
        options = options.verifying(expectedDiffId.get());
      }
      ByteArrayOutputStream tarSplit = new ByteArrayOutputStream();
      ExtractResult result;
      try (InputStream file = Files.newInputStream(blob);
          TarSplitWriter splitter = new TarSplitWriter(tarSplit);
          InputStream tar = new TeeInputStream(Decompression.tarStream(file), splitter)) {
        result = new LayerExtractor(options).extract(tar, staged);
        // the extractor stops after the end-of-archive blocks; tar-split keeps what follows
        tar.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return NewLayer.of(
          parent,
          result.diffId(),
          result.uncompressedSize(),
          staged,
          TarSplitSource.of(tarSplit.toByteArray()));
    } catch (IOException | RuntimeException e) {
      FileTrees.deleteQuietly(staged);
      throw e;
    }
  }
}
