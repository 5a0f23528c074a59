package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** What to build, from where, and where the image goes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.containerfile) || (!self.containerfile.startsWith('/')"
            + " && !self.containerfile.split('/').exists(p, p == '..'))",
    message = "containerfile must be a relative path inside the context")
@ValidationRule(
    value = "!has(self.timeout) || self.timeout.matches('[1-9]')",
    message = "timeout must be a positive duration such as 30m or 1h30m")
public record ImageBuildSpec(
    @Required @JsonPropertyDescription("Where the build context comes from: exactly one kind.")
        BuildSource source,
    @JsonPropertyDescription(
            "Path of the Containerfile inside the context; default Containerfile, else Dockerfile.")
        String containerfile,
    @JsonPropertyDescription("Build arguments passed as --build-arg NAME=VALUE.") @Size(max = 64)
        List<BuildArg> buildArgs,
    @JsonPropertyDescription("Build up to this stage of a multi-stage Containerfile.")
        @Pattern(FieldPatterns.TARGET)
        String target,
    @Required @JsonPropertyDescription("The image to produce and where to push it.")
        BuildOutput output,
    @JsonPropertyDescription("Where the builder keeps images and layers (the four trade-offs).")
        BuildStorage storage,
    @JsonPropertyDescription("Layer cache settings.") BuildCache cache,
    @JsonPropertyDescription("Deadline for the whole build, e.g. 30m or 1h30m; default 1h.")
        @Pattern(FieldPatterns.TIMEOUT)
        String timeout,
    @JsonPropertyDescription("Compute resources of the build step.") ResourceRequirements resources,
    @JsonPropertyDescription("Node selector of the builder pod.") Map<String, String> nodeSelector,
    @JsonPropertyDescription("Tolerations of the builder pod.") List<Toleration> tolerations,
    @JsonPropertyDescription("Affinity of the builder pod.") Affinity affinity,
    @JsonPropertyDescription("Service account of the builder pod; its token is never mounted.")
        @Pattern(FieldPatterns.DNS_SUBDOMAIN)
        String serviceAccountName,
    @JsonPropertyDescription("How often infrastructure failures are retried.") RetryPolicy retry) {

  /** The build arguments, never null. */
  public List<BuildArg> buildArgsOrEmpty() {
    return buildArgs == null ? List.of() : buildArgs;
  }
}
