package dev.stowage.engine.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Read access to one containers/storage store (overlay driver) at a graph root. */
public sealed interface ImageStore permits Store, ReadOnlyStore {

  /** The graph root. */
  Path root();

  /** True for an additional store, which this engine never writes. */
  boolean readOnly();

  /** All images, in the order images.json keeps them. */
  List<ImageRecord> images();

  /**
   * The image a reference names in this store: an exact id (optionally {@code sha256:}-prefixed),
   * an exact name, a manifest digest, or a unique id prefix.
   */
  Optional<ImageRecord> findImage(String reference);

  /** All complete layers. */
  List<LayerRecord> layers();

  /** A complete layer by id. */
  Optional<LayerRecord> findLayer(String layerId);

  /** An image's big-data item (manifest, config, …). */
  byte[] bigData(String imageId, String key);

  /** The directory holding a layer's content, {@code overlay/<id>/diff}. */
  Path diffDirectory(String layerId);

  /** The 26-character name of a layer's {@code overlay/l/} link. */
  String linkId(String layerId);
}
