package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Layer cache settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildCache(
    @JsonPropertyDescription("Reuse layers of earlier builds (--layers); default true.")
        Boolean enabled,
    @JsonPropertyDescription("Repository used as a remote layer cache (--cache-from/--cache-to).")
        @Pattern(ImageReferencePattern.REFERENCE)
        String registry) {

  /** Whether the layer cache is on; it is unless switched off. */
  public static boolean enabled(BuildCache cache) {
    return cache == null || cache.enabled() == null || cache.enabled();
  }
}
