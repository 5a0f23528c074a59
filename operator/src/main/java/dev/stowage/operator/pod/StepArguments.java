package dev.stowage.operator.pod;

import dev.stowage.operator.api.BuildArg;
import dev.stowage.operator.api.BuildCache;
import dev.stowage.operator.api.BuildOutput;
import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.ImageBuildSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code stowage} command line of each builder step; the exact grammar is documented in the
 * package Javadoc and is the contract the engine implements.
 */
final class StepArguments {

  /** Shallow clone depth when the spec names none. */
  static final int DEFAULT_GIT_DEPTH = 1;

  private final ImageBuildSpec spec;
  private final BuildContextPaths paths;

  StepArguments(ImageBuildSpec spec) {
    this.spec = spec;
    this.paths = BuildContextPaths.of(spec);
  }

  List<String> source() {
    List<String> args = new ArrayList<>(List.of(BuilderPodLabels.SOURCE));
    BuildSource source = spec.source();
    switch (source.kind()) {
      case GIT -> {
        var git = source.git();
        args.addAll(List.of("--git-url", git.url()));
        if (git.revision() != null && !git.revision().isEmpty()) {
          args.addAll(List.of("--git-revision", git.revision()));
        }
        args.addAll(
            List.of(
                "--depth",
                Integer.toString(git.depth() == null ? DEFAULT_GIT_DEPTH : git.depth())));
        if (git.cloneSecretRef() != null) {
          args.addAll(List.of("--git-credentials", BuilderPaths.GIT_CREDENTIALS));
        }
      }
      case CONFIG_MAP -> args.addAll(List.of("--config-map-dir", BuilderPaths.CONFIG_MAP_DIR));
      case INLINE -> args.addAll(List.of("--inline-file", BuilderPaths.INLINE_FILE));
      case VOLUME -> args.add("--existing");
    }
    if (!paths.contextDir().isEmpty()) {
      args.addAll(List.of("--context-dir", paths.contextDir()));
    }
    args.addAll(List.of("--dest", BuilderPaths.WORKSPACE));
    args.addAll(List.of("--result-file", BuilderPaths.RESULT_FILE));
    return List.copyOf(args);
  }

  List<String> pull() {
    List<String> args = new ArrayList<>(List.of(BuilderPodLabels.PULL));
    stores(args);
    containerfileAndArgs(args);
    if (hasRegistrySecret()) {
      args.addAll(
          List.of("--authfile", BuilderPaths.PULL_CREDENTIALS + "/" + BuilderPaths.DOCKER_CONFIG));
    }
    tlsVerify(args);
    if (cacheRegistry() != null) {
      args.addAll(List.of("--cache-from", cacheRegistry()));
    }
    args.addAll(List.of("--result-file", BuilderPaths.RESULT_FILE));
    args.add(paths.context());
    return List.copyOf(args);
  }

  List<String> build() {
    List<String> args = new ArrayList<>(List.of(BuilderPodLabels.BUILD));
    stores(args);
    containerfileAndArgs(args);
    args.add("--pull=never");
    args.add(BuildCache.enabled(spec.cache()) ? "--layers" : "--no-cache");
    BuildOutput output = spec.output();
    args.addAll(List.of("--tag", output.image()));
    if (output.timestamp() != null) {
      args.addAll(List.of("--timestamp", Long.toString(output.timestamp())));
    }
    sorted(output.labels()).forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
    sorted(output.annotations())
        .forEach((k, v) -> args.addAll(List.of("--annotation", k + "=" + v)));
    args.addAll(List.of("--result-file", BuilderPaths.RESULT_FILE));
    args.add(paths.context());
    return List.copyOf(args);
  }

  List<String> push() {
    List<String> args = new ArrayList<>(List.of(BuilderPodLabels.PUSH));
    stores(args);
    if (hasRegistrySecret()) {
      args.addAll(
          List.of("--authfile", BuilderPaths.PUSH_CREDENTIALS + "/" + BuilderPaths.DOCKER_CONFIG));
    }
    tlsVerify(args);
    BuildOutput output = spec.output();
    String compression =
        output.compression() == null
            ? BuildOutput.Compression.gzip.name()
            : output.compression().name();
    args.addAll(List.of("--compression", compression));
    if (output.tags() != null) {
      for (String tag : output.tags()) {
        args.addAll(List.of("--tag", tag));
      }
    }
    if (cacheRegistry() != null) {
      args.addAll(List.of("--cache-to", cacheRegistry()));
    }
    args.addAll(List.of("--result-file", BuilderPaths.RESULT_FILE));
    args.add(output.image());
    args.add("docker://" + output.image());
    return List.copyOf(args);
  }

  private void stores(List<String> args) {
    args.addAll(List.of("--storage-root", BuilderPaths.STORAGE_ROOT));
    int count = spec.storage() == null ? 0 : spec.storage().additionalStoresOrEmpty().size();
    for (int i = 0; i < count; i++) {
      args.addAll(List.of("--additional-store", BuilderPaths.shared(i)));
    }
  }

  private void containerfileAndArgs(List<String> args) {
    paths.containerfile().ifPresent(f -> args.addAll(List.of("--file", f)));
    for (BuildArg arg : spec.buildArgsOrEmpty()) {
      // A value-less argument is passed empty, never read from the step's environment.
      args.addAll(
          List.of("--build-arg", arg.name() + "=" + (arg.value() == null ? "" : arg.value())));
    }
    if (spec.target() != null) {
      args.addAll(List.of("--target", spec.target()));
    }
  }

  private void tlsVerify(List<String> args) {
    if (Boolean.TRUE.equals(spec.output().insecure())) {
      args.add("--tls-verify=false");
    }
  }

  private boolean hasRegistrySecret() {
    return spec.output().pushSecretRef() != null;
  }

  private String cacheRegistry() {
    return spec.cache() == null ? null : spec.cache().registry();
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? Map.of() : new TreeMap<>(map);
  }
}
