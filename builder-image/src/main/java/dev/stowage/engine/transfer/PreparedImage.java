package dev.stowage.engine.transfer;

import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.ImageManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A local image written out as blobs ready to push or export: config bytes, the manifest that
 * describes them, and the layer blob files (those not streamed or reused) in a scratch directory
 * the owner deletes on close.
 */
public record PreparedImage(
    byte[] config, ImageManifest manifest, List<LayerFile> layers, Path scratch)
    implements AutoCloseable {

  /**
   * A layer of the manifest: its blob written to {@code file}, or none when the destination holds
   * it already (reused as it is, or streamed to it while it was written); {@code recordIn} names
   * the stored layer whose record should remember the blob once it is uploaded (see {@link
   * dev.stowage.engine.storage.Store#recordCompressedBlob}).
   */
  public record LayerFile(Descriptor descriptor, Optional<Path> file, Optional<String> recordIn) {

    LayerFile(Descriptor descriptor, Optional<Path> file) {
      this(descriptor, file, Optional.empty());
    }
  }

  public PreparedImage {
    config = config.clone();
    layers = List.copyOf(layers);
  }

  @Override
  public byte[] config() {
    return config.clone();
  }

  /** The canonical manifest bytes. */
  public byte[] manifestBytes() {
    return manifest.toBytes();
  }

  /** Config and layer sizes together, as podman reports an image's size. */
  public long size() {
    return manifest.totalSize();
  }

  @Override
  public void close() {
    FileTrees.deleteQuietly(scratch);
  }
}
