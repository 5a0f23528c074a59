package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageIndex;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.MediaTypes;

/** A manifest or index as the registry served it: the exact bytes, their type and digest. */
public record ManifestResponse(String mediaType, byte[] bytes, Digest digest) {

  public ManifestResponse {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  public ImageManifest manifest() {
    return ImageManifest.parse(bytes, mediaType);
  }

  public ImageIndex index() {
    return ImageIndex.parse(bytes, mediaType);
  }
}
