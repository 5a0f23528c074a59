package dev.stowage.engine.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.image.Digest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of {@code overlay-layers/layers.json}. Fields this engine does not interpret (mount
 * label, id maps, compression, …) are kept in {@link #extra} so rewriting a file loses nothing.
 */
public record LayerRecord(
    String id,
    List<String> names,
    Optional<String> parent,
    String metadata,
    Optional<Instant> created,
    Optional<Digest> compressedDigest,
    long compressedSize,
    Optional<Digest> diffDigest,
    long diffSize,
    List<Long> uidSet,
    List<Long> gidSet,
    Map<String, JsonNode> flags,
    Map<String, JsonNode> extra) {

  static final String INCOMPLETE_FLAG = "incomplete";

  /** containers/storage's field for the compression of the recorded blob. */
  static final String COMPRESSION_FIELD = "compression";

  /** containers/storage's compression codes (its archive.Compression). */
  public static final int GZIP = 2;

  public static final int ZSTD = 4;

  public LayerRecord {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("layer without id");
    }
    names = List.copyOf(names);
    Objects.requireNonNull(parent, "parent");
    metadata = metadata == null ? "" : metadata;
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(compressedDigest, "compressedDigest");
    Objects.requireNonNull(diffDigest, "diffDigest");
    uidSet = List.copyOf(uidSet);
    gidSet = List.copyOf(gidSet);
    flags = java.util.Collections.unmodifiableMap(new TreeMap<>(flags));
    extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** True while a writer has not finished the layer; such layers are removed on the next open. */
  public boolean incomplete() {
    JsonNode flag = flags.get(INCOMPLETE_FLAG);
    return flag != null && flag.asBoolean(false);
  }

  /**
   * The compression of the blob {@link #compressedDigest} names, as containers/storage records it
   * ({@code compression}: 2 gzip, 4 zstd); empty when not recorded.
   */
  public Optional<Integer> compression() {
    JsonNode c = extra.get(COMPRESSION_FIELD);
    return c != null && c.isInt() ? Optional.of(c.asInt()) : Optional.empty();
  }

  LayerRecord withCompressedBlob(Digest digest, long size, int compressionType) {
    Map<String, JsonNode> newExtra = new LinkedHashMap<>(extra);
    newExtra.put(
        COMPRESSION_FIELD, com.fasterxml.jackson.databind.node.IntNode.valueOf(compressionType));
    return new LayerRecord(
        id,
        names,
        parent,
        metadata,
        created,
        Optional.of(digest),
        size,
        diffDigest,
        diffSize,
        uidSet,
        gidSet,
        flags,
        newExtra);
  }

  LayerRecord withFlags(Map<String, JsonNode> newFlags) {
    return new LayerRecord(
        id,
        names,
        parent,
        metadata,
        created,
        compressedDigest,
        compressedSize,
        diffDigest,
        diffSize,
        uidSet,
        gidSet,
        newFlags,
        extra);
  }
}
