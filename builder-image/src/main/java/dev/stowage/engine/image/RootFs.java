package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@code rootfs} of an image config: the DiffIDs (uncompressed layer digests) in order. */
public record RootFs(String type, List<Digest> diffIds, UnknownFields unknown) {

  private static final Set<String> KNOWN = Set.of("type", "diff_ids");

  public RootFs {
    if (!"layers".equals(type)) {
      throw new ImageFormatException("rootfs.type must be 'layers', got '" + type + "'");
    }
    diffIds = List.copyOf(diffIds);
    unknown = unknown == null ? UnknownFields.NONE : unknown;
  }

  public static RootFs of(List<Digest> diffIds) {
    return new RootFs("layers", diffIds, UnknownFields.NONE);
  }

  public RootFs withDiffId(Digest diffId) {
    List<Digest> ids = new ArrayList<>(diffIds);
    ids.add(diffId);
    return new RootFs(type, ids, unknown);
  }

  static RootFs fromJson(JsonFields f) {
    List<String> ids = f.strings("diff_ids");
    List<Digest> digests = new ArrayList<>();
    for (int i = 0; ids != null && i < ids.size(); i++) {
      try {
        digests.add(Digest.parse(ids.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ImageFormatException(f.path("diff_ids") + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new RootFs(f.requiredText("type"), digests, f.unknown(KNOWN));
  }

  ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("type", type);
    ArrayNode a = o.putArray("diff_ids");
    diffIds.forEach(d -> a.add(d.toString()));
    unknown.writeTo(o);
    return o;
  }
}
