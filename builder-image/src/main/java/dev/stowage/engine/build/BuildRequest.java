package dev.stowage.engine.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to build: the context, the Containerfile ({@code -f}), build args, target, names, format,
 * cache and pull policy, the reproducibility timestamp, and extra labels and annotations.
 *
 * @param containerfile the {@code -f} value; empty means Containerfile or Dockerfile in the context
 * @param useCache {@code --layers} and not {@code --no-cache}: look steps up in the cache
 * @param timestamp {@code --timestamp} seconds: created times and layer mtimes are set to it
 */
public record BuildRequest(
    Path context,
    Optional<String> containerfile,
    Map<String, String> buildArgs,
    Optional<String> target,
    List<String> tags,
    ImageFormat format,
    boolean useCache,
    PullPolicy pull,
    Optional<Long> timestamp,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public BuildRequest {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(containerfile, "containerfile");
    buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    Objects.requireNonNull(target, "target");
    tags = List.copyOf(tags);
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(pull, "pull");
    Objects.requireNonNull(timestamp, "timestamp");
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    annotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /** A builder with the CLI's defaults for {@code context}. */
  public static Builder builder(Path context) {
    return new Builder(context);
  }

  /** Collects the options of one build. */
  public static final class Builder {
    private final Path context;
    private Optional<String> containerfile = Optional.empty();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private Optional<String> target = Optional.empty();
    private final List<String> tags = new ArrayList<>();
    private ImageFormat format = ImageFormat.OCI;
    private boolean useCache = true;
    private PullPolicy pull = PullPolicy.MISSING;
    private Optional<Long> timestamp = Optional.empty();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();

    private Builder(Path context) {
      this.context = context;
    }

    public Builder containerfile(String file) {
      this.containerfile = Optional.ofNullable(file);
      return this;
    }

    public Builder buildArgs(Map<String, String> args) {
      buildArgs.putAll(args);
      return this;
    }

    public Builder buildArg(String name, String value) {
      buildArgs.put(name, value);
      return this;
    }

    public Builder target(String stage) {
      this.target = Optional.ofNullable(stage);
      return this;
    }

    public Builder tag(String name) {
      tags.add(name);
      return this;
    }

    public Builder format(ImageFormat f) {
      this.format = f;
      return this;
    }

    public Builder useCache(boolean on) {
      this.useCache = on;
      return this;
    }

    public Builder pull(PullPolicy p) {
      this.pull = p;
      return this;
    }

    public Builder timestamp(Long epochSeconds) {
      this.timestamp = Optional.ofNullable(epochSeconds);
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public BuildRequest build() {
      return new BuildRequest(
          context,
          containerfile,
          buildArgs,
          target,
          tags,
          format,
          useCache,
          pull,
          timestamp,
          labels,
          annotations);
    }
  }
}
