package dev.stowage.engine.transfer;

import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.image.Platform;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.registry.ResolvedImage;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.NewImage;
import dev.stowage.engine.storage.NewLayer;
import dev.stowage.engine.storage.StoreSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pulls an image from a registry into our store: resolves the reference (an index to its
 * linux/amd64 entry), reuses what any store already holds (an image with that name, manifest digest
 * or id; layers by id, using a read-only store's layer in place as parent), downloads the missing
 * layers in parallel and adds them in order, then records the image under its name.
 */
public final class ImagePuller {

  /** Concurrent layer downloads. */
  public static final int DEFAULT_PARALLELISM = 4;

  private final StoreSet stores;
  private final RegistryClient registry;
  private final TransferLog log;
  private final Platform platform;
  private final int parallelism;

  public ImagePuller(StoreSet stores, RegistryClient registry, TransferLog log) {
    this(stores, registry, log, Platform.LINUX_AMD64, DEFAULT_PARALLELISM);
  }

  public ImagePuller(
      StoreSet stores, RegistryClient registry, TransferLog log, Platform platform, int parallel) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallel);
    }
    this.stores = stores;
    this.registry = registry;
    this.log = log;
    this.platform = platform;
    this.parallelism = parallel;
  }

  /**
   * Makes {@code ref} available in the stores as {@code policy} says.
   *
   * @throws ImageNotPresentException when {@code policy} is never and no store has the image
   * @throws dev.stowage.engine.registry.RegistryException when the registry fails or refuses
   */
  public PullResult pull(ImageReference ref, PullPolicy policy) {
    String name = LocalImages.storedName(ref);
    if (policy != PullPolicy.ALWAYS) {
      Optional<dev.stowage.engine.storage.ResolvedImage> local = findLocal(ref);
      if (local.isPresent()) {
        log.line("Image " + name + " found in store " + local.get().store().root());
        return found(name, local.get());
      }
      if (policy == PullPolicy.NEVER) {
        throw new ImageNotPresentException(name, describeStores());
      }
    }
    log.line("Pulling " + name);
    ResolvedImage resolved = registry.resolve(ref, platform);
    ImageManifest manifest = resolved.manifest();
    Digest manifestDigest = resolved.manifestDigest();
    Optional<dev.stowage.engine.storage.ResolvedImage> same =
        stores
            .findImage(manifestDigest.toString())
            .or(() -> stores.findImage(manifest.config().digest().hex()));
    if (same.isPresent()) {
      log.line(
          "Image "
              + name
              + " ("
              + manifestDigest
              + ") found in store "
              + same.get().store().root());
      return adopt(name, same.get());
    }
    return download(ref, name, resolved);
  }

  private Optional<dev.stowage.engine.storage.ResolvedImage> findLocal(ImageReference ref) {
    Optional<dev.stowage.engine.storage.ResolvedImage> byName =
        stores.findImage(LocalImages.storedName(ref));
    if (byName.isPresent() || ref.digest() == null) {
      return byName;
    }
    return stores.findImage(ref.digest().toString());
  }

  /** An image another store holds gets our name (see {@link LocalImages#name}). */
  private PullResult adopt(String name, dev.stowage.engine.storage.ResolvedImage image) {
    if (image.image().names().contains(name)) {
      return found(name, image);
    }
    ImageRecord named = LocalImages.name(stores, image, name);
    return new PullResult(
        name, named.id(), image.image().digest(), false, stores.primary().root().toString());
  }

  private static PullResult found(String name, dev.stowage.engine.storage.ResolvedImage image) {
    return new PullResult(
        name, image.id(), image.image().digest(), false, image.store().root().toString());
  }

  private PullResult download(ImageReference ref, String name, ResolvedImage resolved) {
    ImageManifest manifest = resolved.manifest();
    byte[] configBytes = registry.pullBlobBytes(resolved.reference(), manifest.config());
    ImageConfig config = ImageConfig.parse(configBytes);
    List<Descriptor> layers =
        manifest.layers().stream().filter(d -> MediaTypes.isLayer(d.mediaType())).toList();
    List<Digest> diffIds = config.rootfs().diffIds();
    if (diffIds.size() != layers.size()) {
      throw new TransferException(
          ref
              + " is inconsistent: its manifest lists "
              + layers.size()
              + " layers but its config "
              + diffIds.size()
              + " DiffIDs");
    }
    if (layers.isEmpty()) {
      throw new TransferException(ref + " has no layers; images without layers are not supported");
    }
    List<LayerId> ids = new ArrayList<>();
    Optional<LayerId> parent = Optional.empty();
    for (Digest diffId : diffIds) {
      LayerId id = LayerId.derive(parent, diffId);
      ids.add(id);
      parent = Optional.of(id);
    }

    Path downloads = stores.primary().newStagingDirectory();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, Thread.ofVirtual().factory());
    try {
      List<Future<Path>> blobs = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        Descriptor layer = layers.get(i);
        if (stores.findLayer(ids.get(i).hex()).isPresent()) {
          log.line(
              "Copying blob "
                  + TransferLog.shortDigest(layer.digest())
                  + " skipped: already exists");
          blobs.add(null);
          continue;
        }
        Path target = downloads.resolve(layer.digest().hex());
        blobs.add(
            pool.submit(
                () -> {
                  log.line(
                      "Copying blob "
                          + TransferLog.shortDigest(layer.digest())
                          + " "
                          + TransferLog.bytes(layer.size()));
                  registry.pullBlob(
                      resolved.reference(), layer, target, new BlobProgress(log, layer.digest()));
                  return target;
                }));
      }
      LayerUnpacker unpacker = new LayerUnpacker(stores.primary());
      parent = Optional.empty();
      for (int i = 0; i < layers.size(); i++) {
        Future<Path> blob = blobs.get(i);
        if (blob != null) {
          Path file = await(blob);
          Descriptor layer = layers.get(i);
          NewLayer spec =
              unpacker
                  .unpack(file, parent, Optional.of(diffIds.get(i)))
                  .withCompressed(layer.digest(), layer.size());
          stores.createLayer(spec);
          java.nio.file.Files.deleteIfExists(file);
          log.line("Copying blob " + TransferLog.shortDigest(layer.digest()) + " done");
        }
        parent = Optional.of(ids.get(i));
      }
      log.line("Copying config " + TransferLog.shortDigest(manifest.config().digest()) + " done");
      log.line("Writing manifest to image destination");
      ImageRecord image =
          stores.createImage(
              NewImage.of(
                  configBytes,
                  resolved.manifestResponse().bytes(),
                  List.of(name),
                  ids.getLast(),
                  Instant.now()));
      log.line(image.id());
      return new PullResult(
          name,
          image.id(),
          Optional.of(resolved.manifestDigest()),
          true,
          stores.primary().root().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("pulling " + ref + " into " + stores.primary().root(), e);
    } finally {
      pool.shutdownNow();
      FileTrees.deleteQuietly(downloads);
    }
  }

  private static Path await(Future<Path> blob) throws IOException {
    try {
      return blob.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException("interrupted while downloading layers", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new TransferException("downloading a layer failed: " + cause, cause);
    }
  }

  private String describeStores() {
    return stores.stores().stream().map(s -> s.root().toString()).toList().toString();
  }
}
