package dev.stowage.operator.testing;

import dev.stowage.operator.api.AdditionalStore;
import dev.stowage.operator.api.BuildArg;
import dev.stowage.operator.api.BuildCache;
import dev.stowage.operator.api.BuildOutput;
import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.BuildStorage;
import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.api.ConfigMapSource;
import dev.stowage.operator.api.GitSource;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildSpec;
import dev.stowage.operator.api.InlineSource;
import dev.stowage.operator.api.RetryPolicy;
import dev.stowage.operator.api.SecretReference;
import dev.stowage.operator.api.VolumeSource;
import dev.stowage.operator.config.OperatorConfig;
import dev.stowage.operator.config.OperatorConfig.FuseConfig;
import dev.stowage.operator.config.OperatorConfig.FuseProvider;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import dev.stowage.operator.config.OperatorConfig.StoragePolicy;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fluent builder of ImageBuilds and operator configurations for tests. */
public final class TestBuilds {

  /** The source kinds with and without credentials, as used by the test matrices. */
  public enum SourceVariant {
    GIT,
    GIT_WITH_SECRET,
    CONFIG_MAP,
    INLINE,
    VOLUME
  }

  private String name = "app";
  private String namespace = "team-a";
  private BuildSource source = sourceOf(SourceVariant.GIT);
  private String containerfile;
  private List<BuildArg> buildArgs;
  private String target;
  private String image = "registry.example.com/team/app:1.0";
  private List<String> tags;
  private SecretReference pushSecret;
  private Boolean insecure;
  private BuildOutput.Compression compression;
  private Map<String, String> labels;
  private Map<String, String> annotations;
  private Long timestamp;
  private StorageMode mode;
  private String project;
  private String size;
  private String storageClassName;
  private String hostPath;
  private List<AdditionalStore> stores;
  private BuildCache cache;
  private String timeout;
  private ResourceRequirements resources;
  private Map<String, String> nodeSelector;
  private List<Toleration> tolerations;
  private Affinity affinity;
  private String serviceAccountName;
  private RetryPolicy retry;

  private TestBuilds() {}

  /** A git build of {@code registry.example.com/team/app:1.0}, Ephemeral storage. */
  public static TestBuilds build() {
    return new TestBuilds();
  }

  /**
   * A minimal build to create, "FROM scratch" pushing {@code registry.example.com/demo/NAME:1.0}:
   * what the operator tests and the operator benchmark create by the hundred.
   */
  public static ImageBuild scratch(String namespace, String name) {
    return build()
        .namespace(namespace)
        .name(name)
        .inline("FROM scratch")
        .image("registry.example.com/demo/" + name + ":1.0")
        .toCreate();
  }

  public static BuildSource sourceOf(SourceVariant variant) {
    return switch (variant) {
      case GIT ->
          new BuildSource(
              new GitSource("https://git.example.com/team/app.git", "main", null, null, null),
              null,
              null,
              null);
      case GIT_WITH_SECRET ->
          new BuildSource(
              new GitSource(
                  "https://git.example.com/team/app.git",
                  "v1.2.3",
                  10,
                  "services/api",
                  new SecretReference("git-token")),
              null,
              null,
              null);
      case CONFIG_MAP ->
          new BuildSource(null, new ConfigMapSource("app-context", null), null, null);
      case INLINE ->
          new BuildSource(
              null,
              null,
              new InlineSource("FROM busybox\nCOPY hello.txt /\n", Map.of("hello.txt", "hello\n")),
              null);
      case VOLUME -> new BuildSource(null, null, null, new VolumeSource("contexts", "app"));
    };
  }

  public TestBuilds name(String value) {
    name = value;
    return this;
  }

  public TestBuilds namespace(String value) {
    namespace = value;
    return this;
  }

  public TestBuilds source(SourceVariant variant) {
    source = sourceOf(variant);
    return this;
  }

  public TestBuilds source(BuildSource value) {
    source = value;
    return this;
  }

  /** An inline source holding only {@code containerfile}. */
  public TestBuilds inline(String containerfile) {
    source = new BuildSource(null, null, new InlineSource(containerfile, null), null);
    return this;
  }

  public TestBuilds containerfile(String value) {
    containerfile = value;
    return this;
  }

  public TestBuilds buildArg(String argName, String value) {
    if (buildArgs == null) {
      buildArgs = new ArrayList<>();
    }
    buildArgs.add(new BuildArg(argName, value));
    return this;
  }

  public TestBuilds target(String value) {
    target = value;
    return this;
  }

  public TestBuilds image(String value) {
    image = value;
    return this;
  }

  public TestBuilds tags(String... values) {
    tags = List.of(values);
    return this;
  }

  public TestBuilds pushSecret(String secret) {
    pushSecret = secret == null ? null : new SecretReference(secret);
    return this;
  }

  public TestBuilds insecure(boolean value) {
    insecure = value;
    return this;
  }

  public TestBuilds compression(BuildOutput.Compression value) {
    compression = value;
    return this;
  }

  public TestBuilds labels(Map<String, String> value) {
    labels = value;
    return this;
  }

  public TestBuilds annotations(Map<String, String> value) {
    annotations = value;
    return this;
  }

  public TestBuilds timestamp(long value) {
    timestamp = value;
    return this;
  }

  public TestBuilds ephemeral() {
    mode = StorageMode.Ephemeral;
    return this;
  }

  public TestBuilds project(String value) {
    mode = StorageMode.Project;
    project = value;
    return this;
  }

  public TestBuilds host(String path) {
    mode = StorageMode.Host;
    hostPath = path;
    return this;
  }

  public TestBuilds mode(StorageMode value) {
    mode = value;
    return this;
  }

  public TestBuilds projectName(String value) {
    project = value;
    return this;
  }

  public TestBuilds hostPath(String value) {
    hostPath = value;
    return this;
  }

  public TestBuilds size(String value) {
    size = value;
    return this;
  }

  public TestBuilds storageClassName(String value) {
    storageClassName = value;
    return this;
  }

  public TestBuilds store(String claimName, String storeHostPath, String subPath) {
    if (stores == null) {
      stores = new ArrayList<>();
    }
    stores.add(new AdditionalStore(claimName, storeHostPath, subPath));
    return this;
  }

  public TestBuilds cache(Boolean enabled, String registry) {
    cache = new BuildCache(enabled, registry);
    return this;
  }

  public TestBuilds timeout(String value) {
    timeout = value;
    return this;
  }

  public TestBuilds resources(ResourceRequirements value) {
    resources = value;
    return this;
  }

  public TestBuilds nodeSelector(Map<String, String> value) {
    nodeSelector = value;
    return this;
  }

  public TestBuilds tolerations(List<Toleration> value) {
    tolerations = value;
    return this;
  }

  public TestBuilds affinity(Affinity value) {
    affinity = value;
    return this;
  }

  public TestBuilds serviceAccountName(String value) {
    serviceAccountName = value;
    return this;
  }

  public TestBuilds retries(Integer value) {
    retry = new RetryPolicy(value);
    return this;
  }

  public ImageBuildSpec spec() {
    BuildStorage storage =
        mode == null
                && project == null
                && hostPath == null
                && size == null
                && stores == null
                && storageClassName == null
            ? null
            : new BuildStorage(mode, project, size, storageClassName, hostPath, stores);
    return new ImageBuildSpec(
        source,
        containerfile,
        buildArgs,
        target,
        new BuildOutput(
            image, tags, pushSecret, insecure, compression, labels, annotations, timestamp),
        storage,
        cache,
        timeout,
        resources,
        nodeSelector,
        tolerations,
        affinity,
        serviceAccountName,
        retry);
  }

  /** The ImageBuild as a client would create it: name and namespace, no uid yet. */
  public ImageBuild toCreate() {
    ImageBuild build = new ImageBuild(spec());
    build.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    return build;
  }

  /** The ImageBuild as the API server returns it, with a fixed uid. */
  public ImageBuild get() {
    ImageBuild build = new ImageBuild(spec());
    build.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("1f0e5c7a-0000-4000-8000-000000000001")
            .build());
    return build;
  }

  /** The standard configuration with the given security mode and fuse provider. */
  public static OperatorConfig config(SecurityMode security, FuseProvider fuse) {
    OperatorConfig base = OperatorConfig.standard();
    return new OperatorConfig(
        base.builderImage(),
        base.builderImagePullPolicy(),
        security,
        new FuseConfig(fuse, base.fuse().resourceName(), base.fuse().seccompProfile()),
        base.storage(),
        base.defaults());
  }

  /** {@code base} allowing every storage mode and host paths under {@code /var/lib}. */
  public static OperatorConfig permissive(OperatorConfig base) {
    return new OperatorConfig(
        base.builderImage(),
        base.builderImagePullPolicy(),
        base.securityMode(),
        base.fuse(),
        new StoragePolicy(
            Set.of(StorageMode.values()), List.of("/var/lib"), base.storage().projectAccessMode()),
        base.defaults());
  }
}
