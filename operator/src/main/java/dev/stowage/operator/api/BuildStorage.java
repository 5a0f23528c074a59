package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Where the builder keeps its containers/storage store; the article's four trade-offs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.mode) || self.mode != 'Project' || has(self.project)",
    message = "storage.project is required when storage.mode is Project")
@ValidationRule(
    value = "!has(self.mode) || self.mode != 'Host' || has(self.hostPath)",
    message = "storage.hostPath is required when storage.mode is Host")
@ValidationRule(
    value = "!has(self.hostPath) || (has(self.mode) && self.mode == 'Host')",
    message = "storage.hostPath is only allowed when storage.mode is Host")
@ValidationRule(
    value = "!has(self.project) || (has(self.mode) && self.mode == 'Project')",
    message = "storage.project is only allowed when storage.mode is Project")
@ValidationRule(
    value = "!has(self.storageClassName) || (has(self.mode) && self.mode == 'Project')",
    message = "storage.storageClassName is only allowed when storage.mode is Project")
public record BuildStorage(
    @JsonPropertyDescription(
            "Ephemeral: fresh store per build (safest). Project: a PVC shared by one project's"
                + " builds (cached). Host: the node's own store (fastest, least safe; admin only).")
        StorageMode mode,
    @JsonPropertyDescription("Project name: builds with the same project share one PVC.")
        @Pattern(FieldPatterns.PROJECT)
        String project,
    @JsonPropertyDescription("Size of the store (emptyDir limit or PVC request), e.g. 20Gi.")
        @Pattern(QuantityPattern.SIZE)
        String size,
    @JsonPropertyDescription("Storage class of the project PVC.") String storageClassName,
    @JsonPropertyDescription(
            "Host mode only: the node directory holding the store, e.g. /var/lib/containers."
                + " Must be allowed by the operator configuration.")
        @Pattern(FieldPatterns.ABSOLUTE_PATH)
        String hostPath,
    @JsonPropertyDescription(
            "Read-only image stores searched after the writable one (mounted at"
                + " /var/lib/shared/<n>); base images found there are used without a pull.")
        @Size(max = 8)
        List<AdditionalStore> additionalStores) {

  /** The configured mode, Ephemeral when unset. */
  public StorageMode modeOrDefault() {
    return mode == null ? StorageMode.Ephemeral : mode;
  }

  /** The additional stores, never null. */
  public List<AdditionalStore> additionalStoresOrEmpty() {
    return additionalStores == null ? List.of() : additionalStores;
  }

  /** The storage modes: scenarios 1, 3 and 2 of the article. */
  public enum StorageMode {
    Ephemeral,
    Project,
    Host
  }
}
