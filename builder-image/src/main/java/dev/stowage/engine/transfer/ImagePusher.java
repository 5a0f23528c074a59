package dev.stowage.engine.transfer;

import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.registry.BlobPushResult;
import dev.stowage.engine.registry.BlobSource;
import dev.stowage.engine.registry.ProgressListener;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.registry.RegistryException;
import dev.stowage.engine.storage.ImageNotFoundException;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pushes a local image (any store) to a registry: reuses the blobs the registry holds (HEAD,
 * cross-repository mount), streams each layer rebuilt from its tar-split into an upload while it is
 * compressed (gzip or zstd), writes any other layer from its {@code diff/} as a blob file and
 * uploads it, then the config and the manifest under every requested tag. {@code oci:} and {@code
 * docker-archive:} destinations go to {@link OciArchiveExporter}.
 */
public final class ImagePusher {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImagePusher.class);

  /** Concurrent blob uploads. */
  public static final int DEFAULT_PARALLELISM = 4;

  private final StoreSet stores;
  private final RegistryClient registry;
  private final PushOptions options;
  private final TransferLog log;

  /**
   * @param registry the client for {@code docker://} destinations; may be null when only {@code
   *     oci:} and {@code docker-archive:} destinations are used
   */
  public ImagePusher(
      StoreSet stores, RegistryClient registry, PushOptions options, TransferLog log) {
    this.stores = stores;
    this.registry = registry;
    this.options = options;
    this.log = log;
  }

  /**
   * Pushes {@code image} (name, id or digest) to {@code destination}, and to each of {@code
   * extraTags} (full references, for registry destinations only).
   *
   * @throws ImageNotFoundException when no store holds the image
   * @throws dev.stowage.engine.registry.RegistryException when the registry fails or refuses
   */
  public PushResult push(String image, Destination destination, List<ImageReference> extraTags) {
    if (!(destination instanceof Destination.Registry(ImageReference target))) {
      if (!extraTags.isEmpty()) {
        throw new IllegalArgumentException("--tag applies to registry destinations only");
      }
      return new OciArchiveExporter(stores, options, log).export(image, destination);
    }
    if (registry == null) {
      throw new IllegalStateException("pushing to " + target + " needs a registry client");
    }
    ResolvedImage local = LocalImages.require(stores, image);
    LinkedHashSet<ImageReference> refs = new LinkedHashSet<>();
    refs.add(target);
    refs.addAll(extraTags);
    for (ImageReference ref : refs) {
      if (!ref.name().equals(target.name())) {
        throw new IllegalArgumentException(
            "--tag " + ref + " is not in the repository " + target.name() + " being pushed to");
      }
    }
    log.line("Pushing " + image + " to " + target);
    LayerReuse reuse = new RegistryLayerReuse(stores, registry, target, log);
    try (PreparedImage prepared =
        new ImagePreparer(stores, options, log, reuse, streamTo(target)).prepare(local)) {
      uploadBlobs(target, prepared);
      log.line("Writing manifest to image destination");
      Digest digest = null;
      List<String> references = new ArrayList<>();
      for (ImageReference ref : refs) {
        ImageReference tagged = ref.tag() != null ? ref : ref.withTag(ImageReference.DEFAULT_TAG);
        digest = registry.pushManifest(tagged, prepared.manifest());
        String reference = LocalImages.storedName(tagged) + "@" + digest;
        if (!references.contains(reference)) {
          references.add(reference);
        }
      }
      log.line(digest.toString());
      return new PushResult(digest, references, prepared.size());
    }
  }

  /**
   * Records in our store the blobs just uploaded for its layers, so the next push of an image with
   * these layers asks the registry for them instead of compressing them again (what buildah's blob
   * info cache does). A store that cannot be written only costs that speed.
   */
  private void rememberBlobs(PreparedImage prepared) {
    int compression =
        options.compression() == dev.stowage.engine.archive.Compression.ZSTD
            ? LayerRecord.ZSTD
            : LayerRecord.GZIP;
    for (PreparedImage.LayerFile layer : prepared.layers()) {
      if (layer.recordIn().isEmpty()) {
        continue; // reused as the registry holds it, or not ours to record
      }
      try {
        stores
            .primary()
            .recordCompressedBlob(
                layer.recordIn().get(),
                layer.descriptor().digest(),
                layer.descriptor().size(),
                compression);
      } catch (RuntimeException e) {
        LOG.debug("not recording the blob of layer {}: {}", layer.recordIn().get(), e.toString());
      }
    }
  }

  /**
   * Streams layers being compressed straight into an upload. A failure that credentials cannot fix
   * falls back to a blob file, uploaded with retries and resumable chunks.
   */
  private LayerStream streamTo(ImageReference target) {
    return (label, writer) -> {
      try {
        BlobFileWriter.Written written =
            registry.pushBlobStreaming(
                target, writer, BlobFileWriter.Written::digest, new BlobProgress(log, label));
        log.line("Copying blob " + TransferLog.shortDigest(written.digest()) + " done");
        return Optional.of(written);
      } catch (RegistryException | IOException | UncheckedIOException e) {
        if (e instanceof RegistryException r && r.isAuthFailure()) {
          throw r;
        }
        log.line(label + ": streaming failed (" + e.getMessage() + "); uploading it from a file");
        return Optional.empty();
      }
    };
  }

  private void uploadBlobs(ImageReference target, PreparedImage prepared) {
    ExecutorService pool =
        Executors.newFixedThreadPool(DEFAULT_PARALLELISM, Thread.ofVirtual().factory());
    try {
      List<Future<?>> uploads = new ArrayList<>();
      for (PreparedImage.LayerFile layer : prepared.layers()) {
        Digest digest = layer.descriptor().digest();
        if (layer.file().isEmpty()) {
          continue; // the repository holds it already (see RegistryLayerReuse)
        }
        uploads.add(
            pool.submit(
                () ->
                    report(
                        "blob",
                        digest,
                        registry.pushBlob(
                            target,
                            digest,
                            BlobSource.of(layer.file().get()),
                            null,
                            new BlobProgress(log, digest)))));
      }
      for (Future<?> upload : uploads) {
        await(upload);
      }
      rememberBlobs(prepared);
      byte[] config = prepared.config();
      Digest configDigest = Digest.sha256(config);
      report(
          "config",
          configDigest,
          registry.pushBlob(
              target, configDigest, BlobSource.of(config), null, ProgressListener.NONE));
    } finally {
      pool.shutdownNow();
    }
  }

  private void report(String what, Digest digest, BlobPushResult result) {
    String outcome =
        switch (result) {
          case ALREADY_PRESENT -> "skipped: already exists";
          case MOUNTED -> "mounted";
          case UPLOADED -> "done";
        };
    log.line("Copying " + what + " " + TransferLog.shortDigest(digest) + " " + outcome);
  }

  private static void await(Future<?> upload) {
    try {
      upload.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException("interrupted while uploading blobs", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new TransferException("uploading a blob failed: " + e.getCause(), e.getCause());
    }
  }
}
