package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.IntStream;

/** A multi-platform index: OCI image index or Docker manifest list. */
public record ImageIndex(
    String mediaType,
    List<Descriptor> manifests,
    SortedMap<String, String> annotations,
    UnknownFields unknown) {

  private static final Set<String> KNOWN =
      Set.of("schemaVersion", "mediaType", "manifests", "annotations");

  public ImageIndex {
    if (!MediaTypes.isIndex(mediaType)) {
      throw new ImageFormatException("not an index media type: '" + mediaType + "'");
    }
    manifests = List.copyOf(manifests);
    annotations = JsonFields.sortedCopy(annotations);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
  }

  /** An OCI index over {@code manifests}. */
  public static ImageIndex oci(List<Descriptor> manifests) {
    return new ImageIndex(MediaTypes.OCI_INDEX, manifests, null, UnknownFields.NONE);
  }

  /** A Docker manifest list over {@code manifests}. */
  public static ImageIndex dockerList(List<Descriptor> manifests) {
    return new ImageIndex(MediaTypes.DOCKER_MANIFEST_LIST, manifests, null, UnknownFields.NONE);
  }

  /** Parses index JSON; {@code contentType} is used when the document has no mediaType. */
  public static ImageIndex parse(byte[] json, String contentType) {
    JsonFields f = new JsonFields(CanonicalJson.parseObject(json, "image index"), "index");
    ImageManifest.requireSchemaVersion2(f);
    String mediaType = f.text("mediaType");
    if (mediaType == null) {
      mediaType = contentType == null ? MediaTypes.OCI_INDEX : contentType;
    }
    List<Descriptor> manifests = new ArrayList<>();
    for (JsonFields m : f.objects("manifests")) {
      manifests.add(Descriptor.fromJson(m));
    }
    return new ImageIndex(mediaType, manifests, f.stringMap("annotations"), f.unknown(KNOWN));
  }

  /**
   * The manifest for {@code wanted}: among entries whose platform satisfies it, one whose variant
   * equals the wanted one (or the architecture's default) wins over other variants; ties go to the
   * earlier entry. Entries without a platform (attestations) never match.
   */
  public Optional<Descriptor> select(Platform wanted) {
    return IntStream.range(0, manifests.size())
        .boxed()
        .filter(i -> manifests.get(i).platform() != null)
        .filter(i -> MediaTypes.isManifest(manifests.get(i).mediaType()))
        .filter(i -> manifests.get(i).platform().satisfies(wanted))
        .min(
            Comparator.<Integer>comparingInt(
                    i -> manifests.get(i).platform().sameVariant(wanted) ? 0 : 1)
                .thenComparingInt(i -> i))
        .map(manifests::get);
  }

  /** The platforms this index offers, for error messages. */
  public List<String> platforms() {
    return manifests.stream()
        .map(d -> d.platform() == null ? "unknown" : d.platform().toString())
        .toList();
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("schemaVersion", 2);
    o.put("mediaType", mediaType);
    ArrayNode a = o.putArray("manifests");
    manifests.forEach(m -> a.add(m.toJson()));
    JsonFields.putMap(o, "annotations", annotations);
    unknown.writeTo(o);
    return o;
  }

  public byte[] toBytes() {
    return CanonicalJson.bytes(toJson());
  }

  public Digest digest() {
    return Digest.sha256(toBytes());
  }
}
