package dev.stowage.engine.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.image.Digest;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of {@code overlay-images/images.json}: the image id (its config digest hex), names,
 * manifest digest, top layer and the index of its big-data files. Unknown fields stay in {@link
 * #extra}.
 */
public record ImageRecord(
    String id,
    Optional<Digest> digest,
    List<String> names,
    List<String> namesHistory,
    Optional<String> topLayer,
    String metadata,
    List<String> bigDataNames,
    Map<String, Long> bigDataSizes,
    Map<String, Digest> bigDataDigests,
    Optional<Instant> created,
    Map<String, JsonNode> flags,
    Map<String, JsonNode> extra) {

  public ImageRecord {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("image without id");
    }
    Objects.requireNonNull(digest, "digest");
    names = List.copyOf(names);
    namesHistory = List.copyOf(namesHistory);
    Objects.requireNonNull(topLayer, "topLayer");
    metadata = metadata == null ? "" : metadata;
    bigDataNames = List.copyOf(bigDataNames);
    bigDataSizes = Collections.unmodifiableMap(new TreeMap<>(bigDataSizes));
    bigDataDigests = Collections.unmodifiableMap(new TreeMap<>(bigDataDigests));
    Objects.requireNonNull(created, "created");
    flags = Collections.unmodifiableMap(new TreeMap<>(flags));
    extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** Every manifest digest this image is known by: its digest and its manifest-* big data. */
  public List<Digest> manifestDigests() {
    var out = new java.util.ArrayList<Digest>();
    digest.ifPresent(out::add);
    JsonNode digests = extra.get("digests");
    if (digests != null && digests.isArray()) {
      for (JsonNode d : digests) {
        tryParse(d.asText()).filter(x -> !out.contains(x)).ifPresent(out::add);
      }
    }
    for (String key : bigDataNames) {
      if (key.startsWith(BigDataKeys.MANIFEST + "-")) {
        tryParse(key.substring(BigDataKeys.MANIFEST.length() + 1))
            .filter(x -> !out.contains(x))
            .ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }

  ImageRecord withNames(List<String> newNames, List<String> newHistory) {
    return new ImageRecord(
        id,
        digest,
        newNames,
        newHistory,
        topLayer,
        metadata,
        bigDataNames,
        bigDataSizes,
        bigDataDigests,
        created,
        flags,
        extra);
  }

  private static Optional<Digest> tryParse(String text) {
    try {
      return Optional.of(Digest.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
