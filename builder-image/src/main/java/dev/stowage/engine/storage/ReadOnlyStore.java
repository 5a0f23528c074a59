package dev.stowage.engine.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An additional (read-only) store, e.g. a podman or CRI-O graph root mounted read-only. Nothing is
 * ever written: its lock files must exist and are opened read-only for shared locks only.
 */
public final class ReadOnlyStore implements ImageStore {

  private final StoreReader reader;

  private ReadOnlyStore(StoreReader reader) {
    this.reader = reader;
  }

  /**
   * Opens the store at {@code graphRoot}; fails when it does not exist or is not a
   * containers/storage overlay store. Its lock files must exist. An empty store as builder images
   * preset one, so that a real store can be mounted over it ({@code overlay-images/images.lock} and
   * {@code overlay-layers/layers.lock}, nothing else), opens fine; a store that lists layers needs
   * its {@code overlay/} directory.
   */
  public static ReadOnlyStore open(Path graphRoot) {
    OverlayLayout layout = new OverlayLayout(graphRoot);
    if (!Files.exists(layout.root())) {
      throw new StorageException("additional store " + layout.root() + " does not exist");
    }
    if (!Files.isDirectory(layout.root())) {
      throw new StorageException("additional store " + layout.root() + " is not a directory");
    }
    boolean hasOverlay = Files.isDirectory(layout.overlay());
    if (!hasOverlay
        && !Files.isDirectory(layout.layerStore())
        && !Files.isDirectory(layout.imageStore())) {
      throw new StorageException(
          "additional store "
              + layout.root()
              + " is not a containers/storage store: it has no overlay/, overlay-layers/ or"
              + " overlay-images/ directory (only overlay-driver stores are supported)");
    }
    LockFile layers = LockFile.at(layout.layersLock(), true);
    LockFile images = LockFile.at(layout.imagesLock(), true);
    ReadOnlyStore store = new ReadOnlyStore(new StoreReader(layout, layers, images));
    if (!hasOverlay && !store.layers().isEmpty()) {
      throw new StorageException(
          "additional store "
              + layout.root()
              + " lists layers but has no overlay/ directory; only overlay-driver stores are"
              + " supported");
    }
    return store;
  }

  @Override
  public Path root() {
    return reader.layout().root();
  }

  @Override
  public boolean readOnly() {
    return true;
  }

  @Override
  public List<ImageRecord> images() {
    return reader.images();
  }

  @Override
  public Optional<ImageRecord> findImage(String reference) {
    return reader.findImage(reference);
  }

  @Override
  public List<LayerRecord> layers() {
    return reader.layers();
  }

  @Override
  public Optional<LayerRecord> findLayer(String layerId) {
    return reader.findLayer(layerId);
  }

  @Override
  public byte[] bigData(String imageId, String key) {
    return reader.bigData(imageId, key);
  }

  @Override
  public Path diffDirectory(String layerId) {
    return reader.layout().diff(layerId);
  }

  @Override
  public String linkId(String layerId) {
    return reader.linkId(layerId);
  }

  @Override
  public String toString() {
    return "read-only store " + root();
  }
}
