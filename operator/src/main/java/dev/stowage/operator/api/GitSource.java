package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A git repository to clone as the build context. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.contextDir) || (!self.contextDir.startsWith('/')"
            + " && !self.contextDir.split('/').exists(p, p == '..'))",
    message = "contextDir must be a relative path inside the repository")
public record GitSource(
    @Required
        @JsonPropertyDescription("Clone URL (https://, http://, ssh:// or git@host:path).")
        @Pattern(FieldPatterns.GIT_URL)
        String url,
    @JsonPropertyDescription("Branch, tag or commit to check out; default the remote HEAD.")
        String revision,
    @JsonPropertyDescription("Shallow clone depth; 0 clones the full history.")
        @Min(0)
        @Max(1000000)
        Integer depth,
    @JsonPropertyDescription("Sub-directory of the repository used as the context.")
        String contextDir,
    @JsonPropertyDescription(
            "Secret with username/password or token (basic auth), mounted only into the source step.")
        SecretReference cloneSecretRef) {}
