package dev.stowage.engine.transfer;

import dev.stowage.engine.archive.LayerBlob;
import dev.stowage.engine.archive.LayerOptions;
import dev.stowage.engine.archive.LayerWriter;
import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.image.CanonicalJson;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.HistoryEntry;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageFormatException;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.image.RootFs;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a local image's layers as blobs from their {@code diff/} directories (compressed as asked)
 * and builds the config and manifest for them. The config is kept byte for byte unless the
 * regenerated DiffIDs differ from it or a timestamp is asked for; then it is rewritten to match.
 */
final class ImagePreparer {

  private final StoreSet stores;
  private final PushOptions options;
  private final TransferLog log;
  private final LayerReuse reuse;
  private final LayerStream stream;

  ImagePreparer(StoreSet stores, PushOptions options, TransferLog log) {
    this(stores, options, log, LayerReuse.NONE, LayerStream.NONE);
  }

  /**
   * @param reuse finds blobs the destination holds already
   * @param stream sends layers rebuilt from their tar-split straight to the destination
   */
  ImagePreparer(
      StoreSet stores, PushOptions options, TransferLog log, LayerReuse reuse, LayerStream stream) {
    this.stores = stores;
    this.options = options;
    this.log = log;
    this.reuse = reuse;
    this.stream = stream;
  }

  PreparedImage prepare(ResolvedImage image) {
    Path scratch = stores.primary().newStagingDirectory();
    try {
      byte[] originalConfig = stores.config(image);
      ImageConfig config = ImageConfig.parse(originalConfig);
      List<ResolvedLayer> chain = stores.layerChain(image);
      if (chain.size() != config.rootfs().diffIds().size()) {
        throw new TransferException(
            "image "
                + image.id()
                + " has "
                + chain.size()
                + " layers in the store but its config lists "
                + config.rootfs().diffIds().size()
                + " DiffIDs");
      }
      LayerOptions layerOptions =
          LayerOptions.defaults()
              .withCompression(options.compression())
              .withLevel(options.compressionLevel());
      if (options.timestamp().isPresent()) {
        layerOptions = layerOptions.withTimestamp(options.timestamp().getAsLong());
      }
      LayerWriter writer = new LayerWriter(layerOptions);
      MediaTypes.Compression compression =
          MediaTypes.Compression.valueOf(options.compression().name());
      String layerType = MediaTypes.layerType(compression, options.dockerFormat());
      List<PreparedImage.LayerFile> files = new ArrayList<>();
      List<Digest> diffIds = new ArrayList<>();
      for (int i = 0; i < chain.size(); i++) {
        Optional<Descriptor> existing =
            chain.get(i).layer().diffDigest().isPresent()
                ? reuse.existing(chain.get(i), options.dockerFormat())
                : Optional.empty();
        if (existing.isEmpty() && options.timestamp().isEmpty()) {
          existing = reuse.pushedBefore(chain.get(i), layerType, compression);
        }
        if (existing.isPresent()) {
          diffIds.add(chain.get(i).layer().diffDigest().get());
          files.add(new PreparedImage.LayerFile(existing.get(), Optional.empty()));
          continue;
        }
        Path file = scratch.resolve("layer-" + i);
        String label = "Copying layer " + (i + 1) + "/" + chain.size();
        // with --timestamp the tar is rewritten, so the stored original cannot serve
        Optional<BlobFileWriter.Written> streamed = Optional.empty();
        Optional<BlobFileWriter.Written> exact = Optional.empty();
        if (options.timestamp().isEmpty()) {
          streamed = streamOriginal(chain.get(i), label);
          exact = streamed.isPresent() ? streamed : original(chain.get(i), file);
        }
        if (exact.isPresent()) {
          diffIds.add(exact.get().diffId());
          files.add(
              new PreparedImage.LayerFile(
                  Descriptor.of(layerType, exact.get().digest(), exact.get().size()),
                  streamed.isPresent() ? Optional.empty() : Optional.of(file),
                  recordIn(chain.get(i))));
          continue;
        }
        LayerBlob blob;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          blob = writer.writeOverlayDiff(chain.get(i).diffDirectory(), out);
        }
        diffIds.add(blob.diffId());
        files.add(
            new PreparedImage.LayerFile(
                Descriptor.of(layerType, blob.digest(), blob.size()),
                Optional.of(file),
                chain.get(i).layer().diffDigest().equals(Optional.of(blob.diffId()))
                        && options.timestamp().isEmpty()
                    ? recordIn(chain.get(i))
                    : Optional.empty()));
      }
      byte[] configBytes = originalConfig;
      boolean rewrite =
          !diffIds.equals(config.rootfs().diffIds()) || options.timestamp().isPresent();
      if (rewrite) {
        if (!diffIds.equals(config.rootfs().diffIds()) && options.timestamp().isEmpty()) {
          log.line(
              "Layer content re-archived differently from the store's record; rewriting config");
        }
        ImageConfig updated = withDiffIds(config, diffIds);
        if (options.timestamp().isPresent()) {
          updated = withTimestamp(updated, Instant.ofEpochSecond(options.timestamp().getAsLong()));
        }
        configBytes = CanonicalJson.bytes(updated.toJson());
      }
      Descriptor configDescriptor =
          Descriptor.of(
              options.dockerFormat() ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG,
              Digest.sha256(configBytes),
              configBytes.length);
      List<Descriptor> layers = files.stream().map(PreparedImage.LayerFile::descriptor).toList();
      ImageManifest manifest =
          options.dockerFormat()
              ? ImageManifest.docker(configDescriptor, layers)
              : ImageManifest.oci(configDescriptor, layers)
                  .withAnnotations(storedAnnotations(image));
      return new PreparedImage(configBytes, manifest, files, scratch);
    } catch (IOException e) {
      FileTrees.deleteQuietly(scratch);
      throw new UncheckedIOException("writing the layers of image " + image.id(), e);
    } catch (RuntimeException e) {
      FileTrees.deleteQuietly(scratch);
      throw e;
    }
  }

  /** The layer's id when our writable store holds it, so the pushed blob can be recorded. */
  private Optional<String> recordIn(ResolvedLayer layer) {
    return layer.store().root().equals(stores.primary().root()) && !layer.store().readOnly()
        ? Optional.of(layer.id())
        : Optional.empty();
  }

  /**
   * The layer's original tar rebuilt from its tar-split and sent through {@link #stream}; empty
   * when the store kept no tar-split, the stream declined or failed, or the rebuilt tar is not the
   * one the store recorded (then nothing was committed at the destination).
   */
  private Optional<BlobFileWriter.Written> streamOriginal(ResolvedLayer layer, String label) {
    Optional<Digest> recorded = layer.layer().diffDigest();
    Optional<BlobFileWriter.TarSource> tar = originalTar(layer);
    if (recorded.isEmpty() || tar.isEmpty()) {
      return Optional.empty();
    }
    return stream.send(
        label,
        sink -> {
          BlobFileWriter.Written written =
              BlobFileWriter.write(
                  sink, options.compression(), options.compressionLevel(), tar.get());
          if (!written.diffId().equals(recorded.get())) {
            throw new IOException("the layer no longer matches its recorded DiffID");
          }
          return written;
        });
  }

  /**
   * The layer's original tar rebuilt from its tar-split, compressed into {@code file}, when the
   * store kept a tar-split and the result has the DiffID the store recorded; else empty.
   */
  private Optional<BlobFileWriter.Written> original(ResolvedLayer layer, Path file) {
    Optional<Digest> recorded = layer.layer().diffDigest();
    Optional<BlobFileWriter.TarSource> tar = originalTar(layer);
    if (recorded.isEmpty() || tar.isEmpty()) {
      return Optional.empty();
    }
    try {
      BlobFileWriter.Written written =
          BlobFileWriter.write(file, options.compression(), options.compressionLevel(), tar.get());
      if (written.diffId().equals(recorded.get())) {
        return Optional.of(written);
      }
      log.line(
          "Layer "
              + layer.id().substring(0, 12)
              + " no longer matches its recorded DiffID; archiving its current content");
    } catch (IOException e) {
      log.line(
          "Layer "
              + layer.id().substring(0, 12)
              + " cannot be rebuilt from its tar-split ("
              + e.getMessage()
              + "); archiving its content");
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the next write replaces it
    }
    return Optional.empty();
  }

  /** The layer's original tar, rebuilt from its tar-split and diff, if the store kept one. */
  private static Optional<BlobFileWriter.TarSource> originalTar(ResolvedLayer layer) {
    Path tarSplit = TarSplitAssembler.tarSplitFile(layer.store().root(), layer.id());
    return Files.isRegularFile(tarSplit)
        ? Optional.of(tar -> TarSplitAssembler.assemble(tarSplit, layer.diffDirectory(), tar))
        : Optional.empty();
  }

  /** Annotations the builder put on the stored OCI manifest (e.g. from {@code --annotation}). */
  private Map<String, String> storedAnnotations(ResolvedImage image) {
    try {
      ImageManifest stored = ImageManifest.parse(stores.manifest(image), null);
      return stored.annotations() == null ? Map.of() : stored.annotations();
    } catch (ImageFormatException | dev.stowage.engine.storage.StorageException e) {
      return Map.of();
    }
  }

  private static ImageConfig withDiffIds(ImageConfig c, List<Digest> diffIds) {
    return new ImageConfig(
        c.created(),
        c.author(),
        c.architecture(),
        c.os(),
        c.osVersion(),
        c.variant(),
        c.config(),
        new RootFs(c.rootfs().type(), diffIds, c.rootfs().unknown()),
        c.history(),
        c.unknown());
  }

  private static ImageConfig withTimestamp(ImageConfig c, Instant t) {
    List<HistoryEntry> history =
        c.history().stream()
            .map(
                h ->
                    new HistoryEntry(
                        t, h.createdBy(), h.author(), h.comment(), h.emptyLayer(), h.unknown()))
            .toList();
    return c.withCreated(t).withHistory(history);
  }
}
