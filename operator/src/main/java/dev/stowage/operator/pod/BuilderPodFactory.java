package dev.stowage.operator.pod;

import dev.stowage.operator.api.BuildSource;
import dev.stowage.operator.api.BuildStorage;
import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildSpec;
import dev.stowage.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the desired builder pod (and project PVC) for one attempt of an ImageBuild: a pure,
 * deterministic function of the resource and the operator configuration. The ImageBuild must have
 * passed {@code ImageBuildValidator}; see the package documentation for the contract.
 */
public final class BuilderPodFactory {

  private static final List<EnvVar> ENV =
      List.of(
          new EnvVar("HOME", BuilderPaths.TMP, null), new EnvVar("TMPDIR", BuilderPaths.TMP, null));

  private final OperatorConfig config;

  public BuilderPodFactory(OperatorConfig config) {
    this.config = config;
  }

  /** The pod and PVC that attempt {@code attempt} (1-based) of {@code build} needs. */
  public BuilderPlan desired(ImageBuild build, int attempt) {
    ImageBuildSpec spec = build.getSpec();
    String revision = Revision.of(spec, config);
    String name = BuilderPodNames.podName(build.getMetadata().getName(), revision, attempt);
    Optional<String> project = project(spec);
    StepArguments args = new StepArguments(spec);
    BuilderVolumes volumes = new BuilderVolumes(spec, config);

    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(BuilderPodLabels.MANAGED_BY, BuilderPodLabels.MANAGED_BY_VALUE);
    labels.put(BuilderPodLabels.IMAGE_BUILD, build.getMetadata().getName());
    project.ifPresent(p -> labels.put(BuilderPodLabels.PROJECT, p));

    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put(BuilderPodLabels.REVISION, revision);
    annotations.put(BuilderPodLabels.ATTEMPT, Integer.toString(attempt));
    if (spec.source().kind() == BuildSource.Kind.INLINE) {
      annotations.put(
          BuilderPodLabels.INLINE_SOURCE,
          InlineSourcePayload.json(
              spec.source().inline(), BuildContextPaths.inlineContainerfile(spec)));
    }
    if (config.fuse().provider() == OperatorConfig.FuseProvider.crioAnnotation) {
      annotations.put(BuilderPodLabels.CRIO_DEVICES, BuilderPodLabels.CRIO_FUSE);
    }

    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(build.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(ImageBuild.API_VERSION)
                    .withKind("ImageBuild")
                    .withName(build.getMetadata().getName())
                    .withUid(build.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .build();

    Container source =
        step(BuilderPodLabels.SOURCE, args.source(), volumes.sourceMounts(), StepSecurity.SOURCE)
            .withResources(StepResources.source())
            .build();
    Container pull =
        step(BuilderPodLabels.PULL, args.pull(), volumes.pullMounts(), StepSecurity.PULL)
            .withResources(StepResources.pull())
            .build();
    Container buildStep =
        step(BuilderPodLabels.BUILD, args.build(), volumes.buildMounts(), StepSecurity.BUILD)
            .withResources(buildResources(spec))
            .build();
    Container push =
        step(BuilderPodLabels.PUSH, args.push(), volumes.pushMounts(), StepSecurity.PUSH)
            .withResources(StepResources.push())
            .build();

    var podSpec =
        new PodBuilder()
            .withMetadata(meta)
            .withNewSpec()
            .withRestartPolicy("Never")
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withActiveDeadlineSeconds(timeoutSeconds(spec))
            .withServiceAccountName(spec.serviceAccountName())
            .withSecurityContext(StepSecurity.pod(config))
            .withInitContainers(source, pull, buildStep)
            .withContainers(push)
            .withVolumes(volumes.volumes());
    if (config.securityMode() == OperatorConfig.SecurityMode.userns) {
      podSpec.withHostUsers(false);
    }
    if (spec.nodeSelector() != null && !spec.nodeSelector().isEmpty()) {
      podSpec.withNodeSelector(new TreeMap<>(spec.nodeSelector()));
    }
    if (spec.tolerations() != null && !spec.tolerations().isEmpty()) {
      podSpec.withTolerations(
          spec.tolerations().stream()
              .map(t -> new TolerationBuilder(t).build())
              .toArray(Toleration[]::new));
    }
    if (spec.affinity() != null) {
      Affinity affinity = new AffinityBuilder(spec.affinity()).build();
      podSpec.withAffinity(affinity);
    }
    Pod pod = podSpec.endSpec().build();
    return new BuilderPlan(pod, project.map(p -> projectVolume(build, p)), revision);
  }

  private ContainerBuilder step(
      String name, List<String> args, List<VolumeMount> mounts, List<String> capabilities) {
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(name)
            .withImage(config.builderImage())
            .withCommand("stowage")
            .withArgs(args)
            .withEnv(ENV)
            .withVolumeMounts(mounts)
            .withSecurityContext(StepSecurity.container(capabilities))
            .withTerminationMessagePath(BuilderPaths.RESULT_FILE)
            .withTerminationMessagePolicy("File");
    if (config.builderImagePullPolicy() != null) {
      container.withImagePullPolicy(config.builderImagePullPolicy());
    }
    return container;
  }

  private ResourceRequirements buildResources(ImageBuildSpec spec) {
    SortedMap<String, Quantity> requests = new TreeMap<>();
    SortedMap<String, Quantity> limits = new TreeMap<>();
    if (spec.resources() != null) {
      copy(spec.resources().getRequests(), requests);
      copy(spec.resources().getLimits(), limits);
    } else {
      var d = config.defaults();
      putIfSet(requests, "cpu", d.buildCpuRequest());
      putIfSet(requests, "memory", d.buildMemoryRequest());
      putIfSet(limits, "cpu", d.buildCpuLimit());
      putIfSet(limits, "memory", d.buildMemoryLimit());
    }
    if (config.fuse().provider() == OperatorConfig.FuseProvider.devicePlugin) {
      // Only build mounts fuse-overlayfs; pull writes layer directories without a mount.
      limits.put(config.fuse().resourceName(), new Quantity("1"));
    }
    ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
    if (!requests.isEmpty()) {
      resources.withRequests(requests);
    }
    if (!limits.isEmpty()) {
      resources.withLimits(limits);
    }
    return resources.build();
  }

  private PersistentVolumeClaim projectVolume(ImageBuild build, String project) {
    ImageBuildSpec spec = build.getSpec();
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(BuilderPodLabels.MANAGED_BY, BuilderPodLabels.MANAGED_BY_VALUE);
    labels.put(BuilderPodLabels.PROJECT, project);
    String storageClass =
        spec.storage().storageClassName() != null
            ? spec.storage().storageClassName()
            : config.defaults().storageClassName();
    // No owner: the volume outlives builds and is shared by all builds of the project.
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(BuilderPodNames.projectClaimName(project))
        .withNamespace(build.getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAccessModes(config.storage().projectAccessMode())
        .withVolumeMode("Filesystem")
        .withStorageClassName(storageClass)
        .withNewResources()
        .withRequests(
            new TreeMap<>(
                Map.of("storage", new Quantity(BuilderVolumes.storageSize(spec, config)))))
        .endResources()
        .endSpec()
        .build();
  }

  private long timeoutSeconds(ImageBuildSpec spec) {
    return BuildTimeout.seconds(
        spec.timeout() != null ? spec.timeout() : config.defaults().timeout());
  }

  private static Optional<String> project(ImageBuildSpec spec) {
    return spec.storage() != null
            && spec.storage().modeOrDefault() == BuildStorage.StorageMode.Project
        ? Optional.of(spec.storage().project())
        : Optional.empty();
  }

  private static void copy(Map<String, Quantity> from, Map<String, Quantity> to) {
    if (from != null) {
      from.forEach((k, v) -> to.put(k, new Quantity(v.getAmount(), v.getFormat())));
    }
  }

  private static void putIfSet(Map<String, Quantity> map, String key, String value) {
    if (value != null) {
      map.put(key, new Quantity(value));
    }
  }
}
