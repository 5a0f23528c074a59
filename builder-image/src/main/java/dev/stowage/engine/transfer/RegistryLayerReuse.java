package dev.stowage.engine.transfer;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.registry.RegistryException;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.storage.ImageStore;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StorageException;
import dev.stowage.engine.storage.StoreSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reuses the blob a layer was pulled as: when the store recorded its compressed digest, a stored
 * manifest describes that blob, and the target repository has it — or the registry mounts it from a
 * repository of an image that uses it — the layer is neither re-archived nor uploaded.
 */
final class RegistryLayerReuse implements LayerReuse {

  private final StoreSet stores;
  private final RegistryClient registry;
  private final ImageReference target;
  private final TransferLog log;
  private Map<Digest, KnownBlob> known;

  private record KnownBlob(Descriptor descriptor, Set<String> repositories) {}

  RegistryLayerReuse(
      StoreSet stores, RegistryClient registry, ImageReference target, TransferLog log) {
    this.stores = stores;
    this.registry = registry;
    this.target = target;
    this.log = log;
  }

  @Override
  public Optional<Descriptor> pushedBefore(
      ResolvedLayer layer, String mediaType, MediaTypes.Compression compression) {
    Optional<Digest> compressed = layer.layer().compressedDigest();
    Optional<Integer> recorded = layer.layer().compression();
    int wanted =
        switch (compression) {
          case GZIP -> LayerRecord.GZIP;
          case ZSTD -> LayerRecord.ZSTD;
          case NONE -> -1;
        };
    if (compressed.isEmpty()
        || compressed.equals(layer.layer().diffDigest())
        || recorded.isEmpty()
        || recorded.get() != wanted
        || layer.layer().compressedSize() <= 0) {
      return Optional.empty();
    }
    try {
      if (registry.blobExists(target, compressed.get())) {
        log.line(
            "Copying blob "
                + TransferLog.shortDigest(compressed.get())
                + " skipped: already exists");
        return Optional.of(
            Descriptor.of(mediaType, compressed.get(), layer.layer().compressedSize()));
      }
    } catch (RegistryException e) {
      if (e.isAuthFailure()) {
        throw e;
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Descriptor> existing(ResolvedLayer layer, boolean docker) {
    Optional<Digest> compressed = layer.layer().compressedDigest();
    if (compressed.isEmpty() || compressed.equals(layer.layer().diffDigest())) {
      return Optional.empty();
    }
    KnownBlob blob = knownBlobs().get(compressed.get());
    if (blob == null) {
      return Optional.empty();
    }
    Optional<String> type = mediaType(blob.descriptor().mediaType(), docker);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Descriptor reused = Descriptor.of(type.get(), compressed.get(), blob.descriptor().size());
    String label = "Copying blob " + TransferLog.shortDigest(compressed.get());
    try {
      if (registry.blobExists(target, compressed.get())) {
        log.line(label + " skipped: already exists");
        return Optional.of(reused);
      }
      for (String repository : blob.repositories()) {
        if (registry.mountBlob(target, compressed.get(), repository)) {
          log.line(label + " mounted from " + repository);
          return Optional.of(reused);
        }
      }
    } catch (RegistryException e) {
      if (e.isAuthFailure()) {
        throw e;
      }
      // any other trouble: fall back to uploading our own copy
    }
    return Optional.empty();
  }

  /** Layer blobs the stored manifests describe, with the same-registry repositories using them. */
  private Map<Digest, KnownBlob> knownBlobs() {
    if (known != null) {
      return known;
    }
    known = new HashMap<>();
    for (ImageStore store : stores.stores()) {
      List<ImageRecord> images;
      try {
        images = store.images();
      } catch (StorageException e) {
        continue;
      }
      for (ImageRecord image : images) {
        ImageManifest manifest;
        try {
          manifest = ImageManifest.parse(store.bigData(image.id(), "manifest"), null);
        } catch (StorageException | IllegalArgumentException e) {
          continue; // an index or an unreadable manifest describes no layer we could reuse
        }
        List<String> repositories = new ArrayList<>();
        for (String name : image.names()) {
          try {
            ImageReference ref = ImageReference.parse(name);
            if (ref.registry().equals(target.registry())
                && !ref.repository().equals(target.repository())) {
              repositories.add(ref.repository());
            }
          } catch (IllegalArgumentException e) {
            // a name that is no reference cannot be mounted from
          }
        }
        for (Descriptor layer : manifest.layers()) {
          known
              .computeIfAbsent(layer.digest(), d -> new KnownBlob(layer, new LinkedHashSet<>()))
              .repositories()
              .addAll(repositories);
        }
      }
    }
    return known;
  }

  /** The media type for the blob in the manifest format being pushed, if that format has one. */
  private static Optional<String> mediaType(String stored, boolean docker) {
    MediaTypes.Compression compression;
    try {
      compression = MediaTypes.compressionOf(stored);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (compression == MediaTypes.Compression.NONE) {
      return Optional.empty();
    }
    try {
      return Optional.of(MediaTypes.layerType(compression, docker));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
