package dev.stowage.engine.transfer;

import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.archive.LayerOptions;
import dev.stowage.engine.archive.LayerWriter;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.image.CanonicalJson;
import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.HistoryEntry;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.image.Platform;
import dev.stowage.engine.image.RootFs;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.NewImage;
import dev.stowage.engine.storage.NewLayer;
import dev.stowage.engine.storage.StoreSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Imports a root file system — a tarball (plain, gzip or zstd; e.g. a debootstrap minbase tar) or a
 * directory — as a single-layer linux/amd64 image in our store, like {@code podman import}.
 */
public final class RootfsImporter {

  /** The PATH buildah gives images that name none. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final StoreSet stores;
  private final TransferLog log;

  public RootfsImporter(StoreSet stores, TransferLog log) {
    this.stores = stores;
    this.log = log;
  }

  /** Imports {@code source} under {@code name} with only {@code PATH} set in its config. */
  public ImageRecord importRootfs(Path source, String name) {
    return importRootfs(source, name, ContainerConfig.EMPTY.withEnv("PATH", DEFAULT_PATH));
  }

  /**
   * Imports {@code source} under {@code name} (normalised like a pull, e.g. {@code
   * localhost/base:1}) with {@code containerConfig}.
   */
  public ImageRecord importRootfs(Path source, String name, ContainerConfig containerConfig) {
    String stored = LocalImages.normalise(name).orElse(name);
    Path scratch = null;
    try {
      Path blob = source;
      if (Files.isDirectory(source)) {
        scratch = stores.primary().newStagingDirectory();
        blob = scratch.resolve("rootfs.tar");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(blob), 1 << 16)) {
          new LayerWriter(LayerOptions.defaults().withCompression(Compression.NONE))
              .writeTree(source, out);
        }
      } else if (!Files.isRegularFile(source)) {
        throw new IllegalArgumentException(
            "cannot import " + source + ": it is neither a tarball nor a directory");
      }
      log.line("Importing " + source + " as " + stored);
      NewLayer layer =
          new LayerUnpacker(stores.primary()).unpack(blob, Optional.empty(), Optional.empty());
      stores.createLayer(layer);
      Instant now = Instant.now();
      Platform platform = Platform.LINUX_AMD64;
      ImageConfig config =
          new ImageConfig(
              now,
              null,
              platform.architecture(),
              platform.os(),
              null,
              null,
              containerConfig,
              RootFs.of(List.of(layer.diffId())),
              List.of(HistoryEntry.of(now, "stowage import " + source.getFileName(), false)),
              null);
      byte[] configBytes = CanonicalJson.bytes(config.toJson());
      ImageManifest manifest =
          ImageManifest.oci(
              Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length),
              List.of(Descriptor.of(MediaTypes.OCI_LAYER_TAR, layer.diffId(), layer.diffSize())));
      LayerId top = layer.id();
      ImageRecord image =
          stores.createImage(
              NewImage.of(configBytes, manifest.toBytes(), List.of(stored), top, now));
      log.line(image.id());
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException("importing " + source + " into " + stores.primary().root(), e);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }
}
