package dev.stowage.engine.build;

import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.NewImage;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records the final image in the primary store: config, a manifest over the layers as stored
 * (uncompressed, as buildah keeps local images; pushing compresses), and the names.
 */
final class ImageWriter {

  /** Docker schema 2's media type for an uncompressed layer. */
  static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";

  private final StoreSet stores;

  ImageWriter(StoreSet stores) {
    this.stores = stores;
  }

  /** The written image and its manifest. */
  record Written(ImageRecord record, ImageManifest manifest, int layers) {}

  Written write(
      ImageState state,
      ImageFormat format,
      List<String> names,
      Map<String, String> annotations,
      Instant created)
      throws BuildException {
    if (state.topLayer().isEmpty()) {
      throw new BuildException(
          BuildException.Kind.USER,
          null,
          "the image has no layers (FROM scratch without COPY, ADD or RUN); add content to it");
    }
    boolean docker = format == ImageFormat.DOCKER;
    List<Descriptor> layers = new ArrayList<>();
    for (ResolvedLayer l : stores.layerChain(state.topLayer().get())) {
      LayerRecord r = l.layer();
      layers.add(
          Descriptor.of(
              docker ? DOCKER_LAYER_TAR : MediaTypes.OCI_LAYER_TAR,
              r.diffDigest()
                  .orElseThrow(
                      () -> new IllegalStateException("layer " + r.id() + " has no diff digest")),
              r.diffSize()));
    }
    ImageConfig config = state.config();
    byte[] configBytes = config.toBytes();
    Descriptor configDescriptor =
        Descriptor.of(
            docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG,
            config.digest(),
            configBytes.length);
    ImageManifest manifest =
        docker
            ? ImageManifest.docker(configDescriptor, layers)
            : ImageManifest.oci(configDescriptor, layers).withAnnotations(annotations);
    NewImage spec =
        NewImage.of(
            configBytes, manifest.toBytes(), names, new LayerId(state.topLayer().get()), created);
    ImageRecord record = stores.createImage(spec);
    return new Written(record, manifest, layers.size());
  }
}
