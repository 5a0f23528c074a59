package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The read side shared by writable and read-only stores: lookups under shared locks. */
final class StoreReader {

  private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

  private final OverlayLayout layout;
  private final LockFile layersLock;
  private final LockFile imagesLock;

  StoreReader(OverlayLayout layout, LockFile layersLock, LockFile imagesLock) {
    this.layout = layout;
    this.layersLock = layersLock;
    this.imagesLock = imagesLock;
  }

  OverlayLayout layout() {
    return layout;
  }

  List<ImageRecord> images() {
    try (LockFile.Held _ = imagesLock.lockShared()) {
      return StoreJson.readImages(layout.imagesJson());
    }
  }

  List<LayerRecord> layers() {
    try (LockFile.Held _ = layersLock.lockShared()) {
      return StoreJson.readLayers(layout.layersJson()).stream()
          .filter(l -> !l.incomplete())
          .toList();
    }
  }

  Optional<LayerRecord> findLayer(String layerId) {
    return layers().stream().filter(l -> l.id().equals(layerId)).findFirst();
  }

  Optional<ImageRecord> findImage(String reference) {
    return find(images(), reference, layout.root().toString());
  }

  static Optional<ImageRecord> find(List<ImageRecord> images, String reference, String where) {
    String ref = reference.trim();
    String bareId = ref.startsWith("sha256:") ? ref.substring("sha256:".length()) : ref;
    for (ImageRecord image : images) {
      if (image.id().equals(bareId)) {
        return Optional.of(image);
      }
    }
    for (ImageRecord image : images) {
      if (image.names().contains(ref)) {
        return Optional.of(image);
      }
    }
    Optional<Digest> digest = parseDigest(ref);
    if (digest.isPresent()) {
      for (ImageRecord image : images) {
        if (image.manifestDigests().contains(digest.get())) {
          return Optional.of(image);
        }
      }
    }
    if (!ref.isEmpty() && HEX.matcher(ref).matches()) {
      List<ImageRecord> matches = new ArrayList<>();
      for (ImageRecord image : images) {
        if (image.id().startsWith(ref)) {
          matches.add(image);
        }
      }
      if (matches.size() > 1) {
        throw new StorageException(
            "image id prefix " + ref + " is ambiguous in " + where + "; give more digits");
      }
      if (matches.size() == 1) {
        return Optional.of(matches.getFirst());
      }
    }
    return Optional.empty();
  }

  byte[] bigData(String imageId, String key) {
    try (LockFile.Held _ = imagesLock.lockShared()) {
      return Files.readAllBytes(layout.bigData(imageId, key));
    } catch (NoSuchFileException e) {
      throw new StorageException(
          "image " + imageId + " in " + layout.root() + " has no big-data item " + key, e);
    } catch (IOException e) {
      throw StorageException.io(
          "reading big data " + key + " of image " + imageId, layout.root(), e);
    }
  }

  String linkId(String layerId) {
    try {
      return Files.readString(layout.linkFile(layerId), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw StorageException.io("reading the link of layer " + layerId + " at", layout.root(), e);
    }
  }

  private static Optional<Digest> parseDigest(String text) {
    try {
      return Optional.of(Digest.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
