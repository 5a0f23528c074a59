package dev.stowage.engine.testing;

import dev.stowage.engine.archive.ExtractOptions;
import dev.stowage.engine.archive.ExtractResult;
import dev.stowage.engine.archive.LayerExtractor;
import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.HistoryEntry;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.image.RootFs;
import dev.stowage.engine.image.UnknownFields;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.NewImage;
import dev.stowage.engine.storage.NewLayer;
import dev.stowage.engine.storage.Store;
import dev.stowage.engine.storage.TarSplitSource;
import dev.stowage.engine.storage.TarSplitWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image made of uncompressed layer tarballs and a config, importable into our store (through the
 * storage API) and into a buildah store (through skopeo and an OCI layout) with the very same
 * config, manifest and layers: both stores then hold the same image id and DiffIDs.
 */
public record TarballImage(String name, List<Path> layers, byte[] config, byte[] manifest) {

  /** The PATH buildah and podman use when an image sets none. */
  public static final String DEFAULT_PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public TarballImage {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("image without a name");
    }
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("image " + name + " without layers");
    }
  }

  /**
   * An image of {@code layers} (bottom first) with the default PATH and {@code cmd}; one history
   * entry per layer says {@code createdBy}.
   */
  public static TarballImage of(
      String name, List<Path> layers, List<String> cmd, Instant created, String createdBy) {
    List<Digest> diffIds = new ArrayList<>();
    List<Descriptor> descriptors = new ArrayList<>();
    List<HistoryEntry> history = new ArrayList<>();
    for (Path layer : layers) {
      Digest diffId = sha256(layer);
      diffIds.add(diffId);
      descriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_TAR, diffId, size(layer)));
      history.add(HistoryEntry.of(created, createdBy + " " + layer.getFileName(), false));
    }
    ContainerConfig execution =
        ContainerConfig.EMPTY.withEnv(List.of(DEFAULT_PATH)).withCmd(List.copyOf(cmd));
    ImageConfig config =
        new ImageConfig(
            created,
            null,
            "amd64",
            "linux",
            null,
            null,
            execution,
            RootFs.of(diffIds),
            history,
            UnknownFields.NONE);
    byte[] configBytes = config.toBytes();
    ImageManifest manifest =
        ImageManifest.oci(
            Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length),
            descriptors);
    return new TarballImage(name, layers, configBytes, manifest.toBytes());
  }

  /** The image id both stores give this image: the config's sha256 hex. */
  public String id() {
    return Digest.sha256(config).hex();
  }

  /** The layers' DiffIDs, bottom first. */
  public List<Digest> diffIds() {
    return ImageConfig.parse(config).rootfs().diffIds();
  }

  /**
   * Imports into our store with the storage API: each tar extracted in overlay-diff mode into a
   * staging directory, its tar-split recorded, then the layer and the image created.
   */
  public String importInto(Store store) throws IOException {
    Optional<LayerId> parent = Optional.empty();
    LayerRecord top = null;
    for (Path tar : layers) {
      Path staging = store.newStagingDirectory();
      ExtractResult extracted;
      try (InputStream in = Files.newInputStream(tar)) {
        extracted = new LayerExtractor(ExtractOptions.overlayDiff()).extract(in, staging);
      }
      byte[] split;
      try (InputStream in = Files.newInputStream(tar)) {
        split = TarSplitWriter.describe(in);
      }
      NewLayer layer =
          NewLayer.of(
              parent,
              extracted.diffId(),
              extracted.uncompressedSize(),
              staging,
              TarSplitSource.of(split));
      top = store.createLayer(layer);
      parent = Optional.of(new LayerId(top.id()));
    }
    store.createImage(
        NewImage.of(
            config,
            manifest,
            List.of(name),
            new LayerId(top.id()),
            ImageConfig.parse(config).created()));
    return id();
  }

  /** Imports into a buildah/podman store with {@code skopeo copy} from an OCI layout. */
  public String importInto(ContainersStore store, Path scratch)
      throws IOException, InterruptedException {
    Path layout = writeOciLayout(scratch.resolve("oci-" + id().substring(0, 12)));
    store.skopeoCopyIn("oci:" + layout + ":image", name);
    return id();
  }

  /** Writes an OCI image layout holding this image under the tag {@code image}. */
  public Path writeOciLayout(Path dir) throws IOException {
    Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(blobs.resolve(Digest.sha256(config).hex()), config);
    Files.write(blobs.resolve(Digest.sha256(manifest).hex()), manifest);
    List<Digest> diffIds = diffIds();
    for (int i = 0; i < layers.size(); i++) {
      Path blob = blobs.resolve(diffIds.get(i).hex());
      if (!Files.exists(blob)) {
        try {
          Files.createLink(blob, layers.get(i));
        } catch (IOException crossDevice) {
          Files.copy(layers.get(i), blob);
        }
      }
    }
    String index =
        """
        {"schemaVersion":2,"manifests":[{"mediaType":"%s","digest":"%s","size":%d,\
        "annotations":{"org.opencontainers.image.ref.name":"image"}}]}"""
            .formatted(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest), manifest.length);
    Files.writeString(dir.resolve("index.json"), index, StandardCharsets.UTF_8);
    return dir;
  }

  private static Digest sha256(Path file) {
    MessageDigest md = Digest.newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash layer tarball " + file, e);
    }
    return Digest.of(md);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read layer tarball " + file, e);
    }
  }
}
