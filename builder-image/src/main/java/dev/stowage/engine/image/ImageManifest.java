package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;

/** A single-platform image manifest, OCI or Docker schema 2: one config and ordered layers. */
public record ImageManifest(
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    SortedMap<String, String> annotations,
    UnknownFields unknown) {

  private static final Set<String> KNOWN =
      Set.of("schemaVersion", "mediaType", "config", "layers", "annotations");

  public ImageManifest {
    if (!MediaTypes.isManifest(mediaType)) {
      throw new ImageFormatException(
          "not an image manifest media type: '" + mediaType + "' (want OCI or Docker schema 2)");
    }
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    annotations = JsonFields.sortedCopy(annotations);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
    if (MediaTypes.DOCKER_MANIFEST.equals(mediaType) && !annotations.isEmpty()) {
      throw new ImageFormatException("Docker schema 2 manifests cannot carry annotations");
    }
  }

  /** An OCI manifest for {@code config} and {@code layers}. */
  public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(MediaTypes.OCI_MANIFEST, config, layers, null, UnknownFields.NONE);
  }

  /** A Docker schema 2 manifest for {@code config} and {@code layers}. */
  public static ImageManifest docker(Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(MediaTypes.DOCKER_MANIFEST, config, layers, null, UnknownFields.NONE);
  }

  /**
   * Parses manifest JSON. {@code contentType} (e.g. the registry's Content-Type header) is used
   * when the document has no {@code mediaType}; null means OCI.
   */
  public static ImageManifest parse(byte[] json, String contentType) {
    JsonFields f = new JsonFields(CanonicalJson.parseObject(json, "image manifest"), "manifest");
    requireSchemaVersion2(f);
    String mediaType = f.text("mediaType");
    if (mediaType == null) {
      mediaType = contentType == null ? MediaTypes.OCI_MANIFEST : contentType;
    }
    if (MediaTypes.isIndex(mediaType)) {
      throw new ImageFormatException(
          "expected an image manifest but got an index (" + mediaType + ")");
    }
    JsonFields config = f.object("config");
    if (config == null) {
      throw new ImageFormatException("manifest.config is missing");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (JsonFields layer : f.objects("layers")) {
      layers.add(Descriptor.fromJson(layer));
    }
    return new ImageManifest(
        mediaType,
        Descriptor.fromJson(config),
        layers,
        f.stringMap("annotations"),
        f.unknown(KNOWN));
  }

  static void requireSchemaVersion2(JsonFields f) {
    Long v = f.optionalLong("schemaVersion");
    if (v == null || v != 2) {
      throw new ImageFormatException(
          "unsupported schemaVersion " + v + " (only schema 2 manifests are supported)");
    }
  }

  /** Whether this is a Docker schema 2 (rather than OCI) manifest. */
  public boolean isDocker() {
    return MediaTypes.DOCKER_MANIFEST.equals(mediaType);
  }

  public ImageManifest withLayers(List<Descriptor> newLayers) {
    return new ImageManifest(mediaType, config, newLayers, annotations, unknown);
  }

  public ImageManifest withConfig(Descriptor newConfig) {
    return new ImageManifest(mediaType, newConfig, layers, annotations, unknown);
  }

  public ImageManifest withAnnotations(Map<String, String> newAnnotations) {
    return new ImageManifest(
        mediaType, config, layers, new java.util.TreeMap<>(newAnnotations), unknown);
  }

  /** Sum of config and layer sizes, as podman reports an image's size. */
  public long totalSize() {
    return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
  }

  /** The canonical JSON of this manifest. */
  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("schemaVersion", 2);
    o.put("mediaType", mediaType);
    o.set("config", config.toJson());
    ArrayNode a = o.putArray("layers");
    layers.forEach(l -> a.add(l.toJson()));
    JsonFields.putMap(o, "annotations", annotations);
    unknown.writeTo(o);
    return o;
  }

  /** The canonical bytes, as pushed to a registry. */
  public byte[] toBytes() {
    return CanonicalJson.bytes(toJson());
  }

  /** The digest of {@link #toBytes()}. */
  public Digest digest() {
    return Digest.sha256(toBytes());
  }
}
