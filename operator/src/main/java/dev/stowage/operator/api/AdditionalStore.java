package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** A read-only containers/storage store: scenario 4 of the article. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.claimName), has(self.hostPath)].filter(x, x).size() == 1",
    message = "an additional store sets exactly one of claimName, hostPath")
@ValidationRule(
    value =
        "!has(self.subPath) || (!self.subPath.startsWith('/')"
            + " && !self.subPath.split('/').exists(p, p == '..'))",
    message = "subPath must be a relative path inside the volume")
public record AdditionalStore(
    @JsonPropertyDescription("A PVC holding a store (e.g. NFS), mounted read-only.")
        @Pattern(FieldPatterns.DNS_SUBDOMAIN)
        String claimName,
    @JsonPropertyDescription(
            "A node directory holding a store, mounted read-only; must be allowed by the operator.")
        @Pattern(FieldPatterns.ABSOLUTE_PATH)
        String hostPath,
    @JsonPropertyDescription("Sub-directory of the volume that holds the store.") String subPath) {}
