package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A ConfigMap whose keys are the files of the build context. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.contextDir) || (!self.contextDir.startsWith('/')"
            + " && !self.contextDir.split('/').exists(p, p == '..'))",
    message = "contextDir must be a relative path inside the context")
public record ConfigMapSource(
    @Required
        @JsonPropertyDescription("Name of the ConfigMap in the ImageBuild's namespace.")
        @Pattern(FieldPatterns.DNS_SUBDOMAIN)
        String name,
    @JsonPropertyDescription("Sub-directory of the copied files used as the context.")
        String contextDir) {}
