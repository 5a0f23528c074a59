package dev.stowage.engine.parity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What to build: a context directory, its Containerfile, the tag, build args and target stage. */
public record BuildRequest(
    Path context, Path containerfile, String tag, List<String> buildArgs, Optional<String> target) {

  public BuildRequest {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(containerfile, "containerfile");
    Objects.requireNonNull(tag, "tag");
    if (tag.lastIndexOf(':') <= tag.lastIndexOf('/')) {
      tag = tag + ":latest"; // stores record names with their tag
    }
    buildArgs = List.copyOf(buildArgs);
    Objects.requireNonNull(target, "target");
    if (!Files.isDirectory(context)) {
      throw new IllegalArgumentException("build context " + context + " is not a directory");
    }
  }

  /** {@code context/Containerfile} built as {@code tag}, no build args, the last stage. */
  public static BuildRequest of(Path context, String tag) {
    return new BuildRequest(
        context, context.resolve("Containerfile"), tag, List.of(), Optional.empty());
  }

  public BuildRequest withBuildArgs(List<String> args) {
    return new BuildRequest(context, containerfile, tag, args, target);
  }

  public BuildRequest withContainerfile(Path file) {
    return new BuildRequest(context, file, tag, buildArgs, target);
  }

  public BuildRequest withTag(String newTag) {
    return new BuildRequest(context, containerfile, newTag, buildArgs, target);
  }
}
