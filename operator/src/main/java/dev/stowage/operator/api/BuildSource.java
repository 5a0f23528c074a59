package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The build context: exactly one of git, configMap, inline or volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.git), has(self.configMap), has(self.inline), has(self.volume)]"
            + ".filter(x, x).size() == 1",
    message = "source must set exactly one of git, configMap, inline, volume")
public record BuildSource(
    @JsonPropertyDescription("Clone a git repository.") GitSource git,
    @JsonPropertyDescription("Use the files of a ConfigMap as the context.")
        ConfigMapSource configMap,
    @JsonPropertyDescription("A Containerfile and small files written in the resource itself.")
        InlineSource inline,
    @JsonPropertyDescription("A context already on a PersistentVolumeClaim.") VolumeSource volume) {

  /** Which kind of source is set; null when none or several are. */
  public Kind kind() {
    int count = 0;
    Kind kind = null;
    if (git != null) {
      count++;
      kind = Kind.GIT;
    }
    if (configMap != null) {
      count++;
      kind = Kind.CONFIG_MAP;
    }
    if (inline != null) {
      count++;
      kind = Kind.INLINE;
    }
    if (volume != null) {
      count++;
      kind = Kind.VOLUME;
    }
    return count == 1 ? kind : null;
  }

  /** The kinds of build context. */
  public enum Kind {
    GIT,
    CONFIG_MAP,
    INLINE,
    VOLUME
  }
}
