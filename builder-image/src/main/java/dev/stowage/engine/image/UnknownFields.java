package dev.stowage.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** JSON members a value type does not model, kept so a parse-then-write round trip loses none. */
public final class UnknownFields {

  /** No unknown fields. */
  public static final UnknownFields NONE = new UnknownFields(Map.of());

  private final Map<String, JsonNode> fields;

  private UnknownFields(Map<String, JsonNode> fields) {
    this.fields = fields;
  }

  /** The members of {@code object} whose names are not in {@code known}, deep-copied. */
  public static UnknownFields of(JsonNode object, Set<String> known) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (!known.contains(e.getKey())) {
        found.put(e.getKey(), e.getValue().deepCopy());
      }
    }
    return found.isEmpty() ? NONE : new UnknownFields(Collections.unmodifiableMap(found));
  }

  /** Appends the unknown members to {@code target} after the known ones. */
  public void writeTo(ObjectNode target) {
    fields.forEach((name, value) -> target.set(name, value.deepCopy()));
  }

  /** The names of the unknown members, in document order. */
  public Set<String> names() {
    return fields.keySet();
  }

  /** A copy of one unknown member. */
  public Optional<JsonNode> get(String name) {
    return Optional.ofNullable(fields.get(name)).map(JsonNode::deepCopy);
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownFields other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
