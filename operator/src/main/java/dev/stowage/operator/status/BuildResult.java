package dev.stowage.operator.status;

/**
 * What the {@code build} step reports on success: image id, layer count, cache statistics, the
 * isolation and storage driver used (with its mount program, user namespace and, after a fallback,
 * the reason), and how long it took.
 */
public record BuildResult(
    String imageId,
    Integer layers,
    Integer cacheHits,
    Integer cacheMisses,
    String isolation,
    String storageDriver,
    String mountProgram,
    Boolean userNamespace,
    String storageNote,
    Long durationMs) {

  /** A result without the driver details. */
  public BuildResult(
      String imageId,
      Integer layers,
      Integer cacheHits,
      Integer cacheMisses,
      String isolation,
      String storageDriver,
      Long durationMs) {
    this(
        imageId,
        layers,
        cacheHits,
        cacheMisses,
        isolation,
        storageDriver,
        null,
        null,
        null,
        durationMs);
  }

  public BuildResult {
    if (cacheHits != null && cacheHits < 0 || cacheMisses != null && cacheMisses < 0) {
      throw new IllegalArgumentException("cache counts must not be negative");
    }
  }

  /** Parses the last line of the build step's termination message. */
  public static BuildResult parse(String terminationMessage) {
    return TerminationMessages.bind(
        Step.BUILD.containerName(), terminationMessage, BuildResult.class);
  }
}
