package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A PersistentVolumeClaim that already holds the build context. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.subPath) || (!self.subPath.startsWith('/')"
            + " && !self.subPath.split('/').exists(p, p == '..'))",
    message = "subPath must be a relative path inside the volume")
public record VolumeSource(
    @Required
        @JsonPropertyDescription("PVC in the ImageBuild's namespace, mounted read-only.")
        @Pattern(FieldPatterns.DNS_SUBDOMAIN)
        String claimName,
    @JsonPropertyDescription("Directory of the volume that holds the context.") String subPath) {}
