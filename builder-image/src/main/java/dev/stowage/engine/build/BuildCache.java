package dev.stowage.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.json.JsonTrees;
import dev.stowage.engine.storage.StoreSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --layers} cache: step key to the state it produced, one small JSON file per key in
 * {@code stowage-cache/} under a store's graph root. Layers stay in the store where they are
 * shared, counted and removed like any other; an entry whose layer is gone is a miss. Lookups read
 * the additional stores' caches too, but only ours is written.
 *
 * <p>Why files rather than buildah's intermediate images: a cache entry is needed for every step,
 * config-only steps included, and thousands of images would bloat {@code images.json} that podman
 * and our own commands read on every call.
 */
final class BuildCache {

  static final String DIRECTORY = "stowage-cache";
  private static final Logger LOG = LoggerFactory.getLogger(BuildCache.class);

  private final List<Path> roots;
  private final StoreSet stores;

  /**
   * @param roots graph roots to search, ours first (the only one written)
   */
  BuildCache(List<Path> roots, StoreSet stores) {
    this.roots = List.copyOf(roots);
    this.stores = stores;
  }

  /** The key of a step: the state it starts from, what it does, and what it reads. */
  static String key(ImageState parent, String instruction, String inputs) {
    String text =
        "stowage-cache-v1\n" + parent.contentDigest() + "\n" + instruction + "\n" + inputs;
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex();
  }

  Optional<CacheEntry> lookup(String key) {
    for (Path root : roots) {
      Path file = root.resolve(DIRECTORY).resolve(key + ".json");
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        JsonNode node = JsonTrees.parse(Files.readAllBytes(file));
        Optional<String> top =
            node.hasNonNull("topLayer")
                ? Optional.of(node.get("topLayer").asText())
                : Optional.empty();
        if (top.isPresent() && stores.findLayer(top.get()).isEmpty()) {
          continue;
        }
        ImageConfig config =
            ImageConfig.parse(node.get("config").asText().getBytes(StandardCharsets.UTF_8));
        return Optional.of(new CacheEntry(top, config));
      } catch (IOException | RuntimeException e) {
        LOG.warn("ignoring unreadable cache entry {}: {}", file, e.getMessage());
      }
    }
    return Optional.empty();
  }

  void record(String key, ImageState state) throws IOException {
    Path dir = Files.createDirectories(roots.getFirst().resolve(DIRECTORY));
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    state.topLayer().ifPresent(t -> node.put("topLayer", t));
    node.put("config", new String(state.config().toBytes(), StandardCharsets.UTF_8));
    Path tmp = Files.createTempFile(dir, ".entry-", ".tmp");
    try {
      Files.write(tmp, JsonTrees.bytes(node));
      Path target = dir.resolve(key + ".json");
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** All graph roots for a store set opened at {@code primary} with {@code additional}. */
  static List<Path> roots(Path primary, List<Path> additional) {
    List<Path> out = new ArrayList<>();
    out.add(primary);
    out.addAll(additional);
    return out;
  }
}
