package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** The image to produce and how to push it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildOutput(
    @Required
        @JsonPropertyDescription(
            "Image reference to push, e.g. registry.example.com/team/app:1.0 (no digest).")
        @Pattern(ImageReferencePattern.REFERENCE)
        String image,
    @JsonPropertyDescription("Further tags pushed with the same digest.") @Size(max = 32)
        List<@Pattern(ImageReferencePattern.TAG) String> tags,
    @JsonPropertyDescription(
            "Secret of type kubernetes.io/dockerconfigjson, mounted only into the push step.")
        SecretReference pushSecretRef,
    @JsonPropertyDescription("Allow plain HTTP and unverified TLS to the registry.")
        Boolean insecure,
    @JsonPropertyDescription("Layer compression: gzip (default) or zstd.") Compression compression,
    @JsonPropertyDescription("Labels added to the image config.") Map<String, String> labels,
    @JsonPropertyDescription("Annotations added to the image manifest.")
        Map<String, String> annotations,
    @JsonPropertyDescription(
            "Seconds since the epoch used for all timestamps, for reproducible images.")
        @Min(0)
        Long timestamp) {

  /** Layer compression algorithms. */
  public enum Compression {
    gzip,
    zstd
  }
}
