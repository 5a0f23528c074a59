package dev.stowage.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed of a build: phase, conditions, result and failure reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageBuildStatus(
    @JsonPropertyDescription("Pending, Building, Succeeded, Failed or Cancelled.") Phase phase,
    @JsonPropertyDescription("Ready and Succeeded conditions.") List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
    @JsonPropertyDescription("The builder pod of the current attempt.") String podName,
    @JsonPropertyDescription("Hash of everything that defines the build.") String revision,
    @JsonPropertyDescription("Number of the current attempt, starting at 1.") Integer attempt,
    @JsonPropertyDescription("When the builder pod started (RFC 3339).") String startTime,
    @JsonPropertyDescription("When the build finished (RFC 3339).") String completionTime,
    @JsonPropertyDescription("The pushed image.") ImageResult image,
    @JsonPropertyDescription("The source that was built.") SourceResult source,
    @JsonPropertyDescription("Why the build failed or waits, as a stable word.") Reason reason,
    @JsonPropertyDescription("Human-readable detail of the reason.") String message,
    @JsonPropertyDescription("The builder step that failed: source, pull, build or push.")
        String failedStep,
    @JsonPropertyDescription("Layer cache hits and misses of the build step.") CacheResult cache,
    @JsonPropertyDescription("Isolation and storage driver the engine used.")
        IsolationResult isolation) {

  /** The phases of a build. */
  public enum Phase {
    Pending,
    Building,
    Succeeded,
    Failed,
    Cancelled;

    /** Whether nothing more will happen to the build. */
    public boolean isFinal() {
      return this == Succeeded || this == Failed || this == Cancelled;
    }
  }

  /** The digest, references and size of the pushed image. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ImageResult(
      @JsonPropertyDescription("Manifest digest, sha256:…") String digest,
      @JsonPropertyDescription("The first 12 hex digits of the digest, for kubectl get.")
          String shortDigest,
      @JsonPropertyDescription("Every pushed reference, name:tag@digest (the image and each tag).")
          List<String> references,
      @JsonPropertyDescription("Total size of manifest, config and layers in bytes.") Long size) {}

  /** The revision that was built. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SourceResult(String revision, String commit) {}

  /** Cache statistics of the build step. */
  public record CacheResult(Integer hits, Integer misses) {}

  /** Isolation and storage driver reported by the engine. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IsolationResult(
      @JsonPropertyDescription("Isolation of RUN steps: chroot.") String mode,
      @JsonPropertyDescription("Storage driver of the build step: overlay or native.")
          String storageDriver,
      @JsonPropertyDescription("What mounted the overlay layers: kernel or fuse-overlayfs.")
          String mountProgram,
      @JsonPropertyDescription("Whether the engine ran in a user namespace of its own.")
          Boolean userNamespace,
      @JsonPropertyDescription(
              "Why the engine did not use the driver it prefers (e.g. no /dev/fuse), if so.")
          String storageNote) {}
}
