package dev.stowage.engine.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our writable store at a graph root, in the on-disk format of containers/storage's overlay driver
 * so podman can use it. Every change happens under the store's fcntl locks (layers before images,
 * as containers/storage orders them), JSON files are replaced atomically, and a layer is recorded
 * as incomplete before its files appear, so a crash leaves nothing that the next open keeps.
 */
public final class Store implements ImageStore {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  private static final Duration STALE_STAGING = Duration.ofHours(24);

  private final OverlayLayout layout;
  private final LockFile layersLock;
  private final LockFile imagesLock;
  private final StoreReader reader;

  private Store(OverlayLayout layout, LockFile layersLock, LockFile imagesLock) {
    this.layout = layout;
    this.layersLock = layersLock;
    this.imagesLock = imagesLock;
    this.reader = new StoreReader(layout, layersLock, imagesLock);
  }

  /** Opens (creating it if needed) the store at {@code graphRoot} and removes incomplete layers. */
  public static Store open(Path graphRoot) {
    OverlayLayout layout = new OverlayLayout(graphRoot);
    try {
      Files.createDirectories(layout.root());
      mkdir(layout.overlay(), OverlayLayout.DIR_PRIVATE);
      mkdir(layout.links(), OverlayLayout.DIR_LINKS);
      mkdir(layout.layerStore(), OverlayLayout.DIR_PRIVATE);
      mkdir(layout.imageStore(), OverlayLayout.DIR_PRIVATE);
    } catch (IOException e) {
      throw StorageException.io("creating store", layout.root(), e);
    }
    Store store =
        new Store(
            layout,
            LockFile.at(layout.layersLock(), false),
            LockFile.at(layout.imagesLock(), false));
    store.removeIncompleteLayers();
    store.removeStaleStaging();
    return store;
  }

  @Override
  public Path root() {
    return layout.root();
  }

  @Override
  public boolean readOnly() {
    return false;
  }

  @Override
  public List<ImageRecord> images() {
    return reader.images();
  }

  @Override
  public Optional<ImageRecord> findImage(String reference) {
    return reader.findImage(reference);
  }

  @Override
  public List<LayerRecord> layers() {
    return reader.layers();
  }

  @Override
  public Optional<LayerRecord> findLayer(String layerId) {
    return reader.findLayer(layerId);
  }

  @Override
  public byte[] bigData(String imageId, String key) {
    return reader.bigData(imageId, key);
  }

  @Override
  public Path diffDirectory(String layerId) {
    return layout.diff(layerId);
  }

  @Override
  public String linkId(String layerId) {
    return reader.linkId(layerId);
  }

  /**
   * A fresh empty directory on the store's filesystem to extract a layer into before {@link
   * #createLayer}; it is moved into place, never copied.
   */
  public Path newStagingDirectory() {
    try {
      mkdir(layout.staging(), OverlayLayout.DIR_PRIVATE);
      // 0755 like the driver's diff/: it becomes the layer root, and "/" of a container whose
      // top layer it is; stowage-staging/ itself stays private
      Path dir =
          Files.createDirectory(
              layout.staging().resolve(UUID.randomUUID().toString()),
              OverlayLayout.mode(OverlayLayout.DIR_LINKS));
      Files.setPosixFilePermissions(dir, OverlayLayout.DIR_LINKS);
      return dir;
    } catch (IOException e) {
      throw StorageException.io("creating a staging directory in", layout.staging(), e);
    }
  }

  /** Adds a layer whose parent (if any) is in this store. */
  public LayerRecord createLayer(NewLayer spec) {
    return createLayer(spec, id -> Optional.empty());
  }

  /**
   * Adds a layer; parents not in this store are looked up with {@code otherStores} (the additional
   * stores). An existing complete layer with the same id is kept and the staged content dropped.
   */
  LayerRecord createLayer(NewLayer spec, Function<String, Optional<ResolvedLayer>> otherStores) {
    String id = spec.id().hex();
    try (LockFile.Held _ = layersLock.lockExclusive()) {
      List<LayerRecord> layers = new ArrayList<>(StoreJson.readLayers(layout.layersJson()));
      Optional<LayerRecord> existing = layers.stream().filter(l -> l.id().equals(id)).findFirst();
      if (existing.isPresent() && !existing.get().incomplete()) {
        DirectoryTrees.deleteIfExists(spec.stagedDiff());
        return existing.get();
      }
      if (existing.isPresent()) {
        removeLayerFiles(id);
        layers.remove(existing.get());
      }
      List<String> lowers = lowerChain(spec.parent(), layers, otherStores);

      LayerRecord complete = newRecord(spec, Owners.of(spec));
      Map<String, JsonNode> incompleteFlags = new LinkedHashMap<>(complete.flags());
      incompleteFlags.put(LayerRecord.INCOMPLETE_FLAG, BooleanNode.TRUE);
      layers.add(complete.withFlags(incompleteFlags));
      saveLayers(layers);
      try {
        writeLayerFiles(id, spec, lowers);
      } catch (IOException | RuntimeException e) {
        removeLayerFiles(id);
        layers.removeIf(l -> l.id().equals(id));
        saveLayers(layers);
        if (e instanceof StorageException se) {
          throw se;
        }
        throw StorageException.io("writing layer " + id + " into", layout.root(), e);
      }
      layers.replaceAll(l -> l.id().equals(id) ? complete : l);
      saveLayers(layers);
      LOG.debug("created layer {} in {}", id, layout.root());
      return complete;
    } catch (IOException e) {
      throw StorageException.io("creating layer " + id + " in", layout.root(), e);
    }
  }

  /**
   * Records the blob {@code layerId} was pushed as — its compressed digest, size and
   * containers/storage compression code — so a later push can ask the registry for that blob
   * instead of compressing the layer again. A layer that already names a compressed blob (it was
   * pulled, or pushed before) keeps it; one whose record names only its uncompressed tar (built or
   * imported here) gets the blob; an unknown layer is ignored.
   */
  public void recordCompressedBlob(String layerId, Digest digest, long size, int compression) {
    try (LockFile.Held _ = layersLock.lockExclusive()) {
      List<LayerRecord> layers = new ArrayList<>(StoreJson.readLayers(layout.layersJson()));
      boolean changed = false;
      for (int i = 0; i < layers.size(); i++) {
        LayerRecord l = layers.get(i);
        boolean noBlob =
            l.compressedDigest().isEmpty() || l.compressedDigest().equals(l.diffDigest());
        if (l.id().equals(layerId) && noBlob && !l.incomplete()) {
          layers.set(i, l.withCompressedBlob(digest, size, compression));
          changed = true;
        }
      }
      if (changed) {
        saveLayers(layers);
      }
    }
  }

  /** Records an image whose top layer is in this store. */
  public ImageRecord createImage(NewImage spec) {
    return createImage(spec, id -> Optional.empty());
  }

  /**
   * Records an image (id = config digest hex) with its manifest and config as big data. Its names
   * move here from any other image. An existing image with the same id keeps its names too.
   */
  ImageRecord createImage(NewImage spec, Function<String, Optional<ResolvedLayer>> otherStores) {
    String top = spec.topLayer().hex();
    try (LockFile.Held _ = layersLock.lockShared();
        LockFile.Held _ = imagesLock.lockExclusive()) {
      boolean topHere =
          StoreJson.readLayers(layout.layersJson()).stream()
              .anyMatch(l -> l.id().equals(top) && !l.incomplete());
      if (!topHere && otherStores.apply(top).isEmpty()) {
        throw new LayerNotFoundException(top, layout.root() + " or its additional stores");
      }
      String id = spec.id();
      Digest manifestDigest = spec.manifestDigest();
      List<ImageRecord> images = new ArrayList<>(StoreJson.readImages(layout.imagesJson()));
      Optional<ImageRecord> existing = images.stream().filter(i -> i.id().equals(id)).findFirst();

      Map<String, byte[]> items = new LinkedHashMap<>();
      items.put(BigDataKeys.configKey(spec.configDigest()), spec.config());
      items.put(BigDataKeys.manifestKey(manifestDigest), spec.manifest());
      items.put(BigDataKeys.MANIFEST, spec.manifest());
      items.put("signature-" + manifestDigest.hex(), new byte[0]);
      items.putAll(spec.extraBigData());
      mkdir(layout.imageDir(id), OverlayLayout.DIR_PRIVATE);
      LinkedHashSet<String> keys = new LinkedHashSet<>();
      Map<String, Long> sizes = new LinkedHashMap<>();
      Map<String, Digest> digests = new LinkedHashMap<>();
      existing.ifPresent(
          e -> {
            keys.addAll(e.bigDataNames());
            sizes.putAll(e.bigDataSizes());
            digests.putAll(e.bigDataDigests());
          });
      for (Map.Entry<String, byte[]> item : items.entrySet()) {
        Digest digest = Digest.sha256(item.getValue());
        Path file = layout.bigData(id, item.getKey());
        // a rebuild from the cache recreates the image as it is: its files are left alone
        boolean stored =
            digest.equals(digests.get(item.getKey()))
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        if (!stored) {
          AtomicFiles.write(file, item.getValue(), AtomicFiles.PRIVATE);
        }
        keys.add(item.getKey());
        sizes.put(item.getKey(), (long) item.getValue().length);
        digests.put(item.getKey(), digest);
      }

      List<String> names = new ArrayList<>(existing.map(ImageRecord::names).orElse(List.of()));
      for (String name : spec.names()) {
        if (!names.contains(name)) {
          names.add(name);
        }
      }
      List<String> history =
          history(existing.map(ImageRecord::namesHistory).orElse(List.of()), spec.names());
      String metadata =
          existing
              .map(ImageRecord::metadata)
              .filter(m -> !m.isEmpty())
              .orElse("{\"signatures-sizes\":{\"" + manifestDigest + "\":[]}}");
      ImageRecord record =
          new ImageRecord(
              id,
              Optional.of(existing.flatMap(ImageRecord::digest).orElse(manifestDigest)),
              names,
              history,
              Optional.of(top),
              metadata,
              List.copyOf(keys),
              sizes,
              digests,
              Optional.of(spec.created()),
              existing.map(ImageRecord::flags).orElse(Map.of()),
              existing.map(ImageRecord::extra).orElse(Map.of()));
      boolean unchanged =
          existing.isPresent()
              && existing.get().equals(record)
              && images.stream()
                  .filter(i -> !i.id().equals(id))
                  .allMatch(i -> withoutNames(i, spec.names()).equals(i));
      if (unchanged) {
        return record;
      }
      images.removeIf(i -> i.id().equals(id));
      images.replaceAll(i -> withoutNames(i, spec.names()));
      images.add(record);
      saveImages(images);
      LOG.debug("created image {} ({}) in {}", id, names, layout.root());
      return record;
    } catch (IOException e) {
      throw StorageException.io("creating image " + spec.id() + " in", layout.root(), e);
    }
  }

  /** Adds {@code name} to the image {@code reference} names, taking it from any other image. */
  public ImageRecord tag(String reference, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("blank image name");
    }
    try (LockFile.Held _ = imagesLock.lockExclusive()) {
      List<ImageRecord> images = new ArrayList<>(StoreJson.readImages(layout.imagesJson()));
      ImageRecord target =
          StoreReader.find(images, reference, layout.root().toString())
              .orElseThrow(() -> new ImageNotFoundException(reference, layout.root().toString()));
      List<String> names = new ArrayList<>(target.names());
      if (!names.contains(name)) {
        names.add(name);
      }
      ImageRecord tagged = target.withNames(names, history(target.namesHistory(), List.of(name)));
      images.replaceAll(i -> i.id().equals(target.id()) ? tagged : withoutNames(i, List.of(name)));
      saveImages(images);
      return tagged;
    }
  }

  /** Removes {@code name} from whichever image carries it; false when none does. */
  public boolean untag(String name) {
    try (LockFile.Held _ = imagesLock.lockExclusive()) {
      List<ImageRecord> images = new ArrayList<>(StoreJson.readImages(layout.imagesJson()));
      if (images.stream().noneMatch(i -> i.names().contains(name))) {
        return false;
      }
      images.replaceAll(i -> withoutNames(i, List.of(name)));
      saveImages(images);
      return true;
    }
  }

  /**
   * Deletes an image and then each of its layers, top down, that no other image and no other layer
   * (a child, or a container's layer) still uses. Returns the ids of the deleted layers.
   */
  public List<String> deleteImage(String reference) {
    try (LockFile.Held _ = layersLock.lockExclusive();
        LockFile.Held _ = imagesLock.lockExclusive()) {
      List<ImageRecord> images = new ArrayList<>(StoreJson.readImages(layout.imagesJson()));
      ImageRecord target =
          StoreReader.find(images, reference, layout.root().toString())
              .orElseThrow(() -> new ImageNotFoundException(reference, layout.root().toString()));
      List<String> users = containersUsing(target.id());
      if (!users.isEmpty()) {
        throw new StorageException(
            "image "
                + reference
                + " in "
                + layout.root()
                + " is used by containers "
                + users
                + "; remove them first (podman rm)");
      }
      images.removeIf(i -> i.id().equals(target.id()));
      saveImages(images);
      DirectoryTrees.deleteIfExists(layout.imageDir(target.id()));

      List<LayerRecord> layers = new ArrayList<>(StoreJson.readLayers(layout.layersJson()));
      List<String> deleted = new ArrayList<>();
      Optional<String> next = target.topLayer();
      while (next.isPresent()) {
        String layerId = next.get();
        Optional<LayerRecord> layer =
            layers.stream().filter(l -> l.id().equals(layerId)).findFirst();
        boolean used =
            images.stream().anyMatch(i -> i.topLayer().equals(Optional.of(layerId)))
                || layers.stream().anyMatch(l -> l.parent().equals(Optional.of(layerId)));
        if (layer.isEmpty() || used) {
          break;
        }
        removeLayerFiles(layerId);
        layers.remove(layer.get());
        deleted.add(layerId);
        next = layer.get().parent();
      }
      if (!deleted.isEmpty()) {
        saveLayers(layers);
      }
      return deleted;
    } catch (IOException e) {
      throw StorageException.io("deleting image " + reference + " from", layout.root(), e);
    }
  }

  /** Ids of podman/buildah containers (overlay-containers/containers.json) built on an image. */
  private List<String> containersUsing(String imageId) {
    Path json = layout.containersJson();
    if (!Files.exists(json)) {
      return List.of();
    }
    try (LockFile.Held _ = LockFile.at(layout.containersLock(), false).lockShared()) {
      byte[] bytes = Files.readAllBytes(json);
      if (bytes.length == 0) {
        return List.of();
      }
      List<String> users = new ArrayList<>();
      for (JsonNode container : StoreJson.parse(bytes, json)) {
        if (imageId.equals(container.path("image").asText())) {
          users.add(container.path("id").asText());
        }
      }
      return users;
    } catch (IOException e) {
      throw StorageException.io("reading", json, e);
    }
  }

  private void removeIncompleteLayers() {
    try (LockFile.Held _ = layersLock.lockExclusive()) {
      List<LayerRecord> layers = new ArrayList<>(StoreJson.readLayers(layout.layersJson()));
      List<LayerRecord> incomplete = layers.stream().filter(LayerRecord::incomplete).toList();
      if (incomplete.isEmpty()) {
        return;
      }
      for (LayerRecord layer : incomplete) {
        LOG.info("removing incomplete layer {} left in {}", layer.id(), layout.root());
        removeLayerFiles(layer.id());
        layers.remove(layer);
      }
      saveLayers(layers);
    } catch (IOException e) {
      throw StorageException.io("removing incomplete layers from", layout.root(), e);
    }
  }

  /**
   * Removes staging directories a crashed build left. Only old ones: another process sharing the
   * store (a project volume) may be extracting into a fresh one right now.
   */
  private void removeStaleStaging() {
    Path staging = layout.staging();
    if (!Files.isDirectory(staging)) {
      return;
    }
    Instant cutoff = Instant.now().minus(STALE_STAGING);
    try (var dirs = Files.list(staging)) {
      for (Path dir : dirs.toList()) {
        if (Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS)
            .toInstant()
            .isBefore(cutoff)) {
          LOG.info("removing stale staging directory {}", dir);
          DirectoryTrees.deleteIfExists(dir);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not clean staging directories in {}: {}", staging, e.toString());
    }
  }

  private List<String> lowerChain(
      Optional<LayerId> parent,
      List<LayerRecord> ours,
      Function<String, Optional<ResolvedLayer>> otherStores) {
    List<String> lowers = new ArrayList<>();
    Optional<String> next = parent.map(LayerId::hex);
    while (next.isPresent()) {
      String id = next.get();
      Optional<LayerRecord> here =
          ours.stream().filter(l -> l.id().equals(id) && !l.incomplete()).findFirst();
      if (here.isPresent()) {
        lowers.add("l/" + reader.linkId(id));
        next = here.get().parent();
      } else {
        ResolvedLayer other =
            otherStores
                .apply(id)
                .orElseThrow(
                    () ->
                        new LayerNotFoundException(
                            id, layout.root() + " or its additional stores"));
        lowers.add("l/" + other.store().linkId(id));
        next = other.layer().parent();
      }
    }
    return lowers;
  }

  private LayerRecord newRecord(NewLayer spec, Owners owners) {
    return new LayerRecord(
        spec.id().hex(),
        List.of(),
        spec.parent().map(LayerId::hex),
        "",
        Optional.of(spec.created()),
        Optional.of(spec.compressedDigest()),
        spec.compressedSize(),
        Optional.of(spec.diffId()),
        spec.diffSize(),
        List.copyOf(owners.uids()),
        List.copyOf(owners.gids()),
        Map.of(),
        Map.of());
  }

  private void writeLayerFiles(String id, NewLayer spec, List<String> lowers) throws IOException {
    Path dir = layout.layerDir(id);
    Files.createDirectory(dir, OverlayLayout.mode(OverlayLayout.DIR_PRIVATE));
    if (!Files.isDirectory(spec.stagedDiff())) {
      throw new StorageException(
          "staged layer content " + spec.stagedDiff() + " is not a directory");
    }
    try {
      Files.move(spec.stagedDiff(), layout.diff(id), StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      throw new StorageException(
          "staged layer content "
              + spec.stagedDiff()
              + " is on another filesystem than "
              + layout.root()
              + "; stage it in Store.newStagingDirectory()",
          e);
    }
    String link = LinkIds.next();
    Files.write(layout.linkFile(id), link.getBytes(StandardCharsets.US_ASCII));
    Files.setPosixFilePermissions(layout.linkFile(id), OverlayLayout.FILE_PUBLIC);
    Files.createSymbolicLink(layout.link(link), Path.of("..", id, "diff"));
    if (lowers.isEmpty()) {
      Files.createDirectory(dir.resolve("empty"), OverlayLayout.mode(OverlayLayout.DIR_PRIVATE));
    } else {
      Files.write(
          layout.lowerFile(id), String.join(":", lowers).getBytes(StandardCharsets.US_ASCII));
      Files.setPosixFilePermissions(layout.lowerFile(id), OverlayLayout.FILE_PUBLIC);
    }
    Files.createDirectory(dir.resolve("work"), OverlayLayout.mode(OverlayLayout.DIR_PRIVATE));
    Files.createDirectory(dir.resolve("merged"), OverlayLayout.mode(OverlayLayout.DIR_PRIVATE));
    var gz = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      spec.tarSplit().writeTo(out);
    }
    AtomicFiles.write(layout.tarSplit(id), gz.toByteArray(), AtomicFiles.PRIVATE);
  }

  private void removeLayerFiles(String id) throws IOException {
    Path linkFile = layout.linkFile(id);
    if (Files.isRegularFile(linkFile)) {
      String link = Files.readString(linkFile, StandardCharsets.US_ASCII).trim();
      if (!link.isEmpty() && !link.contains("/")) {
        Files.deleteIfExists(layout.link(link));
      }
    }
    DirectoryTrees.deleteIfExists(layout.layerDir(id));
    Files.deleteIfExists(layout.tarSplit(id));
  }

  private void saveLayers(List<LayerRecord> layers) {
    AtomicFiles.write(layout.layersJson(), StoreJson.layersToBytes(layers), AtomicFiles.PRIVATE);
    layersLock.recordWrite();
  }

  private void saveImages(List<ImageRecord> images) {
    AtomicFiles.write(layout.imagesJson(), StoreJson.imagesToBytes(images), AtomicFiles.PRIVATE);
    imagesLock.recordWrite();
  }

  private static ImageRecord withoutNames(ImageRecord image, List<String> names) {
    if (image.names().stream().noneMatch(names::contains)) {
      return image;
    }
    List<String> kept = image.names().stream().filter(n -> !names.contains(n)).toList();
    return image.withNames(kept, image.namesHistory());
  }

  private static List<String> history(List<String> old, List<String> added) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = added.size() - 1; i >= 0; i--) {
      out.add(added.get(i));
    }
    out.addAll(old);
    return List.copyOf(out);
  }

  private static void mkdir(
      Path dir, java.util.Set<java.nio.file.attribute.PosixFilePermission> mode)
      throws IOException {
    try {
      Files.createDirectory(dir, OverlayLayout.mode(mode));
      Files.setPosixFilePermissions(dir, mode);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  @Override
  public String toString() {
    return "store " + root();
  }

  /** The uids and gids owning a layer's files, as podman records them in uidset/gidset. */
  private record Owners(java.util.SortedSet<Long> uids, java.util.SortedSet<Long> gids) {

    static Owners of(NewLayer spec) throws IOException {
      if (!spec.uids().isEmpty() && !spec.gids().isEmpty()) {
        return new Owners(spec.uids(), spec.gids());
      }
      java.util.SortedSet<Long> uids = new java.util.TreeSet<>();
      java.util.SortedSet<Long> gids = new java.util.TreeSet<>();
      try (var paths = Files.walk(spec.stagedDiff())) {
        for (Path p : paths.toList()) {
          Map<String, Object> attrs =
              Files.readAttributes(p, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
          uids.add(((Integer) attrs.get("uid")).longValue() & 0xffffffffL);
          gids.add(((Integer) attrs.get("gid")).longValue() & 0xffffffffL);
        }
      }
      return new Owners(uids, gids);
    }
  }
}
