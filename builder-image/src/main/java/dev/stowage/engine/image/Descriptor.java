package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * An OCI content descriptor: what a manifest or index says about one blob. {@code platform} is null
 * unless the descriptor sits in an index.
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    SortedMap<String, String> annotations,
    Platform platform,
    List<String> urls,
    UnknownFields unknown) {

  // RFC 6838 type/subtype, optionally with parameters; enough to catch garbage early.
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(;.*)?");
  private static final Set<String> KNOWN =
      Set.of("mediaType", "digest", "size", "annotations", "platform", "urls");

  public Descriptor {
    if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches()) {
      throw new ImageFormatException("descriptor has an invalid media type: '" + mediaType + "'");
    }
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new ImageFormatException("descriptor " + digest + " has a negative size " + size);
    }
    annotations = JsonFields.sortedCopy(annotations);
    urls = urls == null ? List.of() : List.copyOf(urls);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
  }

  /** A plain descriptor without annotations or platform. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null, UnknownFields.NONE);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(
        mediaType, digest, size, new java.util.TreeMap<>(newAnnotations), platform, urls, unknown);
  }

  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, annotations, newPlatform, urls, unknown);
  }

  public Descriptor withMediaType(String newMediaType) {
    return new Descriptor(newMediaType, digest, size, annotations, platform, urls, unknown);
  }

  static Descriptor fromJson(JsonFields f) {
    JsonFields p = f.object("platform");
    return new Descriptor(
        f.requiredText("mediaType"),
        requiredDigest(f),
        f.requiredLong("size"),
        f.stringMap("annotations"),
        p == null ? null : Platform.fromJson(p),
        f.strings("urls"),
        f.unknown(KNOWN));
  }

  private static Digest requiredDigest(JsonFields f) {
    Digest d = f.digest("digest");
    if (d == null) {
      throw new ImageFormatException(f.path("digest") + " is missing");
    }
    return d;
  }

  ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("mediaType", mediaType);
    o.put("digest", digest.toString());
    o.put("size", size);
    JsonFields.putNonEmptyStrings(o, "urls", urls);
    JsonFields.putMap(o, "annotations", annotations);
    if (platform != null) {
      platform.writeTo(o.putObject("platform"));
    }
    unknown.writeTo(o);
    return o;
  }
}
