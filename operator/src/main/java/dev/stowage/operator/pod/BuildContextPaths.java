package dev.stowage.operator.pod;

import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.ImageBuildSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the context and the Containerfile lie inside the pod for a spec.
 *
 * @param contextDir the context directory relative to /workspace, empty for /workspace itself
 * @param context absolute context directory passed to pull and build
 * @param containerfile absolute Containerfile path ({@code --file}); empty lets the engine pick
 *     {@code Containerfile}, else {@code Dockerfile}, in the context
 */
public record BuildContextPaths(String contextDir, String context, Optional<String> containerfile) {

  /** The name an inline Containerfile gets when the spec names none. */
  public static final String DEFAULT_CONTAINERFILE = "Containerfile";

  /** The paths for {@code spec}, which must have passed validation. */
  public static BuildContextPaths of(ImageBuildSpec spec) {
    BuildSource source = spec.source();
    String contextDir =
        switch (source.kind()) {
          case GIT -> normalize(source.git().contextDir());
          case CONFIG_MAP -> normalize(source.configMap().contextDir());
          // The volume's subPath is applied by the mount, so the context is the mount itself.
          case INLINE, VOLUME -> "";
        };
    String context = contextDir.isEmpty() ? BuilderPaths.WORKSPACE : join(contextDir);
    Optional<String> containerfile =
        source.kind() == BuildSource.Kind.INLINE
            ? Optional.of(BuilderPaths.WORKSPACE + "/" + inlineContainerfile(spec))
            : Optional.ofNullable(spec.containerfile())
                .map(BuildContextPaths::normalize)
                .filter(p -> !p.isEmpty())
                .map(p -> context + "/" + p);
    return new BuildContextPaths(contextDir, context, containerfile);
  }

  /** Relative path where the source step writes an inline Containerfile. */
  public static String inlineContainerfile(ImageBuildSpec spec) {
    String named = normalize(spec.containerfile());
    return named.isEmpty() ? DEFAULT_CONTAINERFILE : named;
  }

  /** {@code path} without empty and {@code .} segments; "" for null. */
  public static String normalize(String path) {
    if (path == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  private static String join(String relative) {
    return BuilderPaths.WORKSPACE + "/" + relative;
  }
}
