package dev.stowage.operator.validation;

import dev.stowage.operator.api.AdditionalStore;
import dev.stowage.operator.api.BuildArg;
import dev.stowage.operator.api.BuildOutput;
import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.BuildStorage;
import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.api.FieldPatterns;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildSpec;
import dev.stowage.operator.api.ImageReferencePattern;
import dev.stowage.operator.api.InlineSource;
import dev.stowage.operator.api.QuantityPattern;
import dev.stowage.operator.api.SecretReference;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.pod.BuildContextPaths;
import dev.stowage.operator.pod.InlineSourcePayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an ImageBuild offline: a Java mirror of every schema constraint and CEL rule of the CRD, a
 * few checks admission cannot express, and the operator's storage policy.
 */
public final class ImageBuildValidator {

  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(FieldPatterns.DNS_SUBDOMAIN);
  private static final Pattern PROJECT = Pattern.compile(FieldPatterns.PROJECT);
  private static final Pattern BUILD_ARG_NAME = Pattern.compile(FieldPatterns.BUILD_ARG_NAME);
  private static final Pattern TARGET = Pattern.compile(FieldPatterns.TARGET);
  private static final Pattern TIMEOUT = Pattern.compile(FieldPatterns.TIMEOUT);
  private static final Pattern GIT_URL = Pattern.compile(FieldPatterns.GIT_URL);
  private static final Pattern ABSOLUTE_PATH = Pattern.compile(FieldPatterns.ABSOLUTE_PATH);
  private static final Pattern REFERENCE = Pattern.compile(ImageReferencePattern.REFERENCE);
  private static final Pattern TAG = Pattern.compile(ImageReferencePattern.TAG);
  private static final Pattern SIZE = Pattern.compile(QuantityPattern.SIZE);

  private static final int MAX_BUILD_ARGS = 64;
  private static final int MAX_TAGS = 32;
  private static final int MAX_STORES = 8;
  private static final int MAX_DEPTH = 1_000_000;
  private static final int MAX_RETRIES = 10;

  /** The name is the value of the pod's stowage.dev/imagebuild label: at most 63 characters. */
  private static final int MAX_NAME = 63;

  private final OperatorConfig config;

  public ImageBuildValidator(OperatorConfig config) {
    this.config = config;
  }

  /** Every violation of {@code build}, spec errors first; empty when the build may run. */
  public List<Violation> validate(ImageBuild build) {
    Checks checks = new Checks();
    if (build.getMetadata() == null || blank(build.getMetadata().getName())) {
      checks.spec("metadata.name", "is required");
    } else if (!DNS_SUBDOMAIN.matcher(build.getMetadata().getName()).matches()) {
      checks.spec("metadata.name", "must be a DNS subdomain (lower case, digits, '-', '.')");
    } else if (build.getMetadata().getName().length() > MAX_NAME) {
      checks.spec("metadata.name", "metadata.name must be at most " + MAX_NAME + " characters");
    }
    ImageBuildSpec spec = build.getSpec();
    if (spec == null) {
      checks.spec("spec", "is required");
      return checks.result();
    }
    spec(spec, checks);
    if (!checks.hasSpecErrors()) {
      policy(spec, checks);
    }
    return checks.result();
  }

  private void spec(ImageBuildSpec spec, Checks c) {
    source(spec, c);
    if (spec.containerfile() != null && !relative(spec.containerfile())) {
      c.spec("spec.containerfile", "containerfile must be a relative path inside the context");
    }
    List<BuildArg> args = spec.buildArgsOrEmpty();
    if (args.size() > MAX_BUILD_ARGS) {
      c.spec("spec.buildArgs", "at most " + MAX_BUILD_ARGS + " build arguments are allowed");
    }
    for (int i = 0; i < args.size(); i++) {
      String field = "spec.buildArgs[" + i + "].name";
      BuildArg arg = args.get(i);
      if (arg == null || arg.name() == null) {
        c.spec(field, "is required");
      } else {
        c.pattern(field, arg.name(), BUILD_ARG_NAME, "must be a name such as HTTP_PROXY");
      }
    }
    c.pattern("spec.target", spec.target(), TARGET, "must be a stage name");
    if (spec.timeout() != null) {
      if (!TIMEOUT.matcher(spec.timeout()).matches()) {
        c.spec("spec.timeout", "must be a duration such as 30m or 1h30m");
      } else if (!spec.timeout().matches(".*[1-9].*")) {
        c.spec("spec.timeout", "timeout must be a positive duration such as 30m or 1h30m");
      }
    }
    output(spec.output(), c);
    storage(spec.storage(), c);
    if (spec.cache() != null) {
      c.pattern("spec.cache.registry", spec.cache().registry(), REFERENCE, "must be a repository");
    }
    c.pattern(
        "spec.serviceAccountName",
        spec.serviceAccountName(),
        DNS_SUBDOMAIN,
        "must be a service account name");
    if (spec.retry() != null && spec.retry().infrastructureFailures() != null) {
      int retries = spec.retry().infrastructureFailures();
      if (retries < 0 || retries > MAX_RETRIES) {
        c.spec("spec.retry.infrastructureFailures", "must be between 0 and " + MAX_RETRIES);
      }
    }
  }

  private void source(ImageBuildSpec spec, Checks c) {
    BuildSource source = spec.source();
    if (source == null) {
      c.spec("spec.source", "is required");
      return;
    }
    if (source.kind() == null) {
      c.spec("spec.source", "source must set exactly one of git, configMap, inline, volume");
      return;
    }
    switch (source.kind()) {
      case GIT -> {
        var git = source.git();
        if (git.url() == null) {
          c.spec("spec.source.git.url", "is required");
        } else {
          c.pattern(
              "spec.source.git.url",
              git.url(),
              GIT_URL,
              "must be an https://, http://, ssh://, git:// or git@host: URL");
        }
        if (git.depth() != null && (git.depth() < 0 || git.depth() > MAX_DEPTH)) {
          c.spec("spec.source.git.depth", "must be between 0 and " + MAX_DEPTH);
        }
        if (git.contextDir() != null && !relative(git.contextDir())) {
          c.spec(
              "spec.source.git.contextDir",
              "contextDir must be a relative path inside the repository");
        }
        secret("spec.source.git.cloneSecretRef", git.cloneSecretRef(), c);
      }
      case CONFIG_MAP -> {
        var cm = source.configMap();
        name("spec.source.configMap.name", cm.name(), c);
        if (cm.contextDir() != null && !relative(cm.contextDir())) {
          c.spec(
              "spec.source.configMap.contextDir",
              "contextDir must be a relative path inside the context");
        }
      }
      case INLINE -> inline(spec, source.inline(), c);
      case VOLUME -> {
        var volume = source.volume();
        name("spec.source.volume.claimName", volume.claimName(), c);
        if (volume.subPath() != null && !relative(volume.subPath())) {
          c.spec("spec.source.volume.subPath", "subPath must be a relative path inside the volume");
        }
      }
    }
  }

  /** Checks the CRD cannot express: file paths and the size limit of the pod annotation. */
  private void inline(ImageBuildSpec spec, InlineSource inline, Checks c) {
    if (inline.containerfile() == null) {
      c.spec("spec.source.inline.containerfile", "is required");
      return;
    }
    String containerfile = BuildContextPaths.inlineContainerfile(spec);
    Map<String, String> files = inline.files() == null ? Map.of() : inline.files();
    for (var entry : files.entrySet()) {
      String field = "spec.source.inline.files[" + entry.getKey() + "]";
      if (!relative(entry.getKey()) || BuildContextPaths.normalize(entry.getKey()).isEmpty()) {
        c.spec(field, "file names must be relative paths inside the context");
      } else if (BuildContextPaths.normalize(entry.getKey()).equals(containerfile)) {
        c.spec(field, "clashes with the Containerfile, which is written to " + containerfile);
      }
      if (entry.getValue() == null) {
        c.spec(field, "content is required (use \"\" for an empty file)");
      }
    }
    int size = InlineSourcePayload.size(inline, containerfile);
    if (size > InlineSourcePayload.MAX_BYTES) {
      c.spec(
          "spec.source.inline",
          "is "
              + size
              + " bytes; at most "
              + InlineSourcePayload.MAX_BYTES
              + " fit in the builder pod, use a configMap or git source");
    }
  }

  private void output(BuildOutput output, Checks c) {
    if (output == null) {
      c.spec("spec.output", "is required");
      return;
    }
    if (output.image() == null) {
      c.spec("spec.output.image", "is required");
    } else {
      c.pattern(
          "spec.output.image",
          output.image(),
          REFERENCE,
          "must be an image reference such as registry.example.com/team/app:1.0 (no digest)");
    }
    List<String> tags = output.tags() == null ? List.of() : output.tags();
    if (tags.size() > MAX_TAGS) {
      c.spec("spec.output.tags", "at most " + MAX_TAGS + " tags are allowed");
    }
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      if (tag == null) {
        c.spec("spec.output.tags[" + i + "]", "must not be null");
      } else {
        c.pattern("spec.output.tags[" + i + "]", tag, TAG, "must be a tag such as 1.0 or latest");
      }
    }
    secret("spec.output.pushSecretRef", output.pushSecretRef(), c);
    if (output.timestamp() != null && output.timestamp() < 0) {
      c.spec("spec.output.timestamp", "must not be negative");
    }
  }

  private void storage(BuildStorage storage, Checks c) {
    if (storage == null) {
      return;
    }
    StorageMode mode = storage.mode();
    if (mode == StorageMode.Project && storage.project() == null) {
      c.spec("spec.storage.project", "storage.project is required when storage.mode is Project");
    }
    if (mode == StorageMode.Host && storage.hostPath() == null) {
      c.spec("spec.storage.hostPath", "storage.hostPath is required when storage.mode is Host");
    }
    if (storage.hostPath() != null && mode != StorageMode.Host) {
      c.spec("spec.storage.hostPath", "storage.hostPath is only allowed when storage.mode is Host");
    }
    if (storage.project() != null && mode != StorageMode.Project) {
      c.spec(
          "spec.storage.project", "storage.project is only allowed when storage.mode is Project");
    }
    if (storage.storageClassName() != null && mode != StorageMode.Project) {
      c.spec(
          "spec.storage.storageClassName",
          "storage.storageClassName is only allowed when storage.mode is Project");
    }
    c.pattern(
        "spec.storage.project",
        storage.project(),
        PROJECT,
        "must be a lower-case name of at most 40 characters");
    c.pattern("spec.storage.size", storage.size(), SIZE, "must be a size such as 20Gi");
    c.pattern(
        "spec.storage.hostPath", storage.hostPath(), ABSOLUTE_PATH, "must be an absolute path");
    List<AdditionalStore> stores = storage.additionalStoresOrEmpty();
    if (stores.size() > MAX_STORES) {
      c.spec("spec.storage.additionalStores", "at most " + MAX_STORES + " stores are allowed");
    }
    for (int i = 0; i < stores.size(); i++) {
      String field = "spec.storage.additionalStores[" + i + "]";
      AdditionalStore store = stores.get(i);
      if (store == null || (store.claimName() == null) == (store.hostPath() == null)) {
        c.spec(field, "an additional store sets exactly one of claimName, hostPath");
        continue;
      }
      if (store.claimName() != null) {
        name(field + ".claimName", store.claimName(), c);
      }
      c.pattern(field + ".hostPath", store.hostPath(), ABSOLUTE_PATH, "must be an absolute path");
      if (store.subPath() != null && !relative(store.subPath())) {
        c.spec(field + ".subPath", "subPath must be a relative path inside the volume");
      }
    }
  }

  /** The operator configuration's storage policy; only meaningful for a well-formed spec. */
  private void policy(ImageBuildSpec spec, Checks c) {
    BuildStorage storage = spec.storage();
    StorageMode mode = storage == null ? StorageMode.Ephemeral : storage.modeOrDefault();
    if (!config.storage().allowedModes().contains(mode)) {
      c.policy(
          "spec.storage.mode",
          "storage mode "
              + mode
              + " is not allowed by the operator (allowed: "
              + config.storage().allowedModes().stream().map(Enum::name).sorted().toList()
              + ")");
    }
    if (storage == null) {
      return;
    }
    if (mode == StorageMode.Host && !config.storage().allowsHostPath(storage.hostPath())) {
      c.policy(
          "spec.storage.hostPath",
          "host path "
              + storage.hostPath()
              + " is not under an allowed path "
              + config.storage().allowedHostPaths());
    }
    List<AdditionalStore> stores = storage.additionalStoresOrEmpty();
    for (int i = 0; i < stores.size(); i++) {
      String hostPath = stores.get(i).hostPath();
      if (hostPath != null && !config.storage().allowsHostPath(hostPath)) {
        c.policy(
            "spec.storage.additionalStores[" + i + "].hostPath",
            "host path "
                + hostPath
                + " is not under an allowed path "
                + config.storage().allowedHostPaths());
      }
    }
  }

  private static void secret(String field, SecretReference ref, Checks c) {
    if (ref != null) {
      name(field + ".name", ref.name(), c);
    }
  }

  private static void name(String field, String name, Checks c) {
    if (name == null) {
      c.spec(field, "is required");
    } else {
      c.pattern(
          field, name, DNS_SUBDOMAIN, "must be a DNS subdomain (lower case, digits, '-', '.')");
    }
  }

  /** The CEL rule's notion: not absolute, no {@code ..} segment. */
  private static boolean relative(String path) {
    return !path.startsWith("/") && !List.of(path.split("/", -1)).contains("..");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Collects violations in the order they are found. */
  private static final class Checks {
    private final List<Violation> violations = new ArrayList<>();

    void spec(String field, String message) {
      violations.add(new Violation(field, message, Violation.Kind.SPEC));
    }

    void policy(String field, String message) {
      violations.add(new Violation(field, message, Violation.Kind.POLICY));
    }

    void pattern(String field, String value, Pattern pattern, String message) {
      if (value != null && !pattern.matcher(value).matches()) {
        spec(field, "'" + value + "' " + message);
      }
    }

    boolean hasSpecErrors() {
      return violations.stream().anyMatch(v -> v.kind() == Violation.Kind.SPEC);
    }

    List<Violation> result() {
      return List.copyOf(violations);
    }
  }
}
