package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/** One step of an image's history; {@code emptyLayer} marks steps that made no layer. */
public record HistoryEntry(
    Instant created,
    String createdBy,
    String author,
    String comment,
    boolean emptyLayer,
    UnknownFields unknown) {

  private static final Set<String> KNOWN =
      Set.of("created", "created_by", "author", "comment", "empty_layer");

  public HistoryEntry {
    unknown = unknown == null ? UnknownFields.NONE : unknown;
  }

  public static HistoryEntry of(Instant created, String createdBy, boolean emptyLayer) {
    return new HistoryEntry(created, createdBy, null, null, emptyLayer, UnknownFields.NONE);
  }

  public HistoryEntry withComment(String newComment) {
    return new HistoryEntry(created, createdBy, author, newComment, emptyLayer, unknown);
  }

  static HistoryEntry fromJson(JsonFields f) {
    Boolean empty = f.bool("empty_layer");
    return new HistoryEntry(
        f.instant("created"),
        f.text("created_by"),
        f.text("author"),
        f.text("comment"),
        empty != null && empty,
        f.unknown(KNOWN));
  }

  ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    JsonFields.put(o, "created", created);
    JsonFields.put(o, "created_by", createdBy);
    JsonFields.put(o, "author", author);
    JsonFields.put(o, "comment", comment);
    if (emptyLayer) {
      o.put("empty_layer", true);
    }
    unknown.writeTo(o);
    return o;
  }
}
