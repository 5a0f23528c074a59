package dev.stowage.engine.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Our store followed by the additional stores, searched in that order: what the build engine reads
 * images and layers from. Writes always go to our store; parents and top layers may live in any
 * store.
 */
public final class StoreSet {

  private final Store primary;
  private final List<ImageStore> stores;

  private StoreSet(Store primary, List<ReadOnlyStore> additional) {
    this.primary = primary;
    List<ImageStore> all = new ArrayList<>();
    all.add(primary);
    all.addAll(additional);
    this.stores = List.copyOf(all);
  }

  public static StoreSet of(Store primary, List<ReadOnlyStore> additional) {
    return new StoreSet(primary, additional);
  }

  /** Opens our store at {@code graphRoot} and the additional stores at {@code additional}. */
  public static StoreSet open(Path graphRoot, List<Path> additional) {
    return of(Store.open(graphRoot), additional.stream().map(ReadOnlyStore::open).toList());
  }

  public Store primary() {
    return primary;
  }

  /** All stores, ours first. */
  public List<ImageStore> stores() {
    return stores;
  }

  /** Every image, ours first; an id present in several stores is listed once (first store). */
  public List<ImageSummary> images() {
    Map<ImageStore, Map<String, LayerRecord>> layerIndex = new LinkedHashMap<>();
    List<ImageSummary> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ImageStore store : stores) {
      for (ImageRecord image : store.images()) {
        if (!seen.add(image.id())) {
          continue;
        }
        long size = size(image, layerIndex);
        out.add(
            new ImageSummary(
                image.id(),
                image.names(),
                image.digest(),
                image.topLayer(),
                image.created(),
                size,
                store.root(),
                store.readOnly()));
      }
    }
    return out;
  }

  /**
   * The image a reference names in the first store that has it (see {@link ImageStore#findImage}).
   */
  public Optional<ResolvedImage> findImage(String reference) {
    for (ImageStore store : stores) {
      Optional<ImageRecord> image = store.findImage(reference);
      if (image.isPresent()) {
        return Optional.of(new ResolvedImage(image.get(), store));
      }
    }
    return Optional.empty();
  }

  /** Like {@link #findImage} but fails with {@link ImageNotFoundException}. */
  public ResolvedImage image(String reference) {
    return findImage(reference)
        .orElseThrow(() -> new ImageNotFoundException(reference, describe()));
  }

  /** The image's manifest as stored (big data {@code manifest}). */
  public byte[] manifest(ResolvedImage image) {
    return image.store().bigData(image.id(), BigDataKeys.MANIFEST);
  }

  /** The image's config: the big data keyed by its own digest ({@code sha256:<id>}). */
  public byte[] config(ResolvedImage image) {
    return image.store().bigData(image.id(), "sha256:" + image.id());
  }

  /** Any big-data item of the image. */
  public byte[] bigData(ResolvedImage image, String key) {
    return image.store().bigData(image.id(), key);
  }

  /** A complete layer in the first store that has it. */
  public Optional<ResolvedLayer> findLayer(String layerId) {
    return findLayer(layerId, new LinkedHashMap<>());
  }

  /**
   * The layers of an image from the base up to its top layer, each with its content directory. An
   * image without layers has an empty chain.
   */
  public List<ResolvedLayer> layerChain(ResolvedImage image) {
    return image.image().topLayer().map(this::layerChain).orElse(List.of());
  }

  /** The chain from the base layer up to {@code topLayerId}, following parents across stores. */
  public List<ResolvedLayer> layerChain(String topLayerId) {
    Map<ImageStore, Map<String, LayerRecord>> index = new LinkedHashMap<>();
    List<ResolvedLayer> chain = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    Optional<String> next = Optional.of(topLayerId);
    while (next.isPresent()) {
      String id = next.get();
      if (!visited.add(id)) {
        throw new StorageException("layer " + id + " is its own ancestor in " + describe());
      }
      ResolvedLayer layer =
          findLayer(id, index).orElseThrow(() -> new LayerNotFoundException(id, describe()));
      chain.add(layer);
      next = layer.layer().parent();
    }
    Collections.reverse(chain);
    return List.copyOf(chain);
  }

  /** Adds a layer to our store; its parent may be in any store. */
  public LayerRecord createLayer(NewLayer spec) {
    return primary.createLayer(spec, this::findInAdditional);
  }

  /** Records an image in our store; its top layer may be in any store. */
  public ImageRecord createImage(NewImage spec) {
    return primary.createImage(spec, this::findInAdditional);
  }

  private Optional<ResolvedLayer> findInAdditional(String layerId) {
    for (ImageStore store : stores.subList(1, stores.size())) {
      Optional<LayerRecord> layer = store.findLayer(layerId);
      if (layer.isPresent()) {
        return Optional.of(new ResolvedLayer(layer.get(), store, store.diffDirectory(layerId)));
      }
    }
    return Optional.empty();
  }

  private Optional<ResolvedLayer> findLayer(
      String layerId, Map<ImageStore, Map<String, LayerRecord>> index) {
    for (ImageStore store : stores) {
      LayerRecord layer = layersOf(store, index).get(layerId);
      if (layer != null) {
        return Optional.of(new ResolvedLayer(layer, store, store.diffDirectory(layerId)));
      }
    }
    return Optional.empty();
  }

  private static Map<String, LayerRecord> layersOf(
      ImageStore store, Map<ImageStore, Map<String, LayerRecord>> index) {
    return index.computeIfAbsent(
        store,
        s -> {
          Map<String, LayerRecord> byId = new HashMap<>();
          s.layers().forEach(l -> byId.put(l.id(), l));
          return byId;
        });
  }

  private long size(ImageRecord image, Map<ImageStore, Map<String, LayerRecord>> index) {
    long total = 0;
    Set<String> visited = new HashSet<>();
    Optional<String> next = image.topLayer();
    while (next.isPresent()) {
      if (!visited.add(next.get())) {
        return -1;
      }
      Optional<ResolvedLayer> layer = findLayer(next.get(), index);
      if (layer.isEmpty()) {
        return -1;
      }
      total += layer.get().layer().diffSize();
      next = layer.get().layer().parent();
    }
    return total;
  }

  private String describe() {
    return stores.stream().map(s -> s.root().toString()).toList().toString();
  }
}
