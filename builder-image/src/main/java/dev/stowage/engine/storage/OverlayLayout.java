package dev.stowage.engine.storage;

import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Where the overlay driver and the layer and image stores keep their files under a graph root. */
record OverlayLayout(Path root) {

  static final Set<PosixFilePermission> DIR_PRIVATE = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> DIR_LINKS = PosixFilePermissions.fromString("rwxr-xr-x");
  static final Set<PosixFilePermission> FILE_PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  OverlayLayout {
    root = root.toAbsolutePath().normalize();
  }

  static FileAttribute<Set<PosixFilePermission>> mode(Set<PosixFilePermission> perms) {
    return PosixFilePermissions.asFileAttribute(perms);
  }

  Path overlay() {
    return root.resolve("overlay");
  }

  Path links() {
    return overlay().resolve("l");
  }

  Path link(String linkId) {
    return links().resolve(linkId);
  }

  Path layerDir(String layerId) {
    return overlay().resolve(layerId);
  }

  Path diff(String layerId) {
    return layerDir(layerId).resolve("diff");
  }

  Path linkFile(String layerId) {
    return layerDir(layerId).resolve("link");
  }

  Path lowerFile(String layerId) {
    return layerDir(layerId).resolve("lower");
  }

  Path layerStore() {
    return root.resolve("overlay-layers");
  }

  Path layersJson() {
    return layerStore().resolve("layers.json");
  }

  Path layersLock() {
    return layerStore().resolve("layers.lock");
  }

  Path tarSplit(String layerId) {
    return layerStore().resolve(layerId + ".tar-split.gz");
  }

  Path imageStore() {
    return root.resolve("overlay-images");
  }

  Path imagesJson() {
    return imageStore().resolve("images.json");
  }

  Path imagesLock() {
    return imageStore().resolve("images.lock");
  }

  Path imageDir(String imageId) {
    return imageStore().resolve(imageId);
  }

  Path bigData(String imageId, String key) {
    return imageDir(imageId).resolve(BigDataKeys.fileName(key));
  }

  Path containersJson() {
    return root.resolve("overlay-containers").resolve("containers.json");
  }

  Path containersLock() {
    return root.resolve("overlay-containers").resolve("containers.lock");
  }

  /** Our staging area: outside every directory containers/storage cleans or scans. */
  Path staging() {
    return root.resolve("stowage-staging");
  }
}
