package dev.stowage.operator.pod;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the desired builder pod (and project PVC) for one attempt of an ImageBuild: a pure
 * function of the resource and the operator configuration.
 *
 * <p>PLACEHOLDER: names, labels, annotations and owner reference follow the contract; the
 * containers, volumes and security context are filled in by the pod-factory work.
 */
public final class BuilderPodFactory {

  private final OperatorConfig config;

  public BuilderPodFactory(OperatorConfig config) {
    this.config = config;
  }

  /** The pod and PVC that attempt {@code attempt} (1-based) of {@code build} needs. */
  public BuilderPlan desired(ImageBuild build, int attempt) {
    String revision = Revision.of(build.getSpec(), config);
    String name = BuilderPodNames.podName(build.getMetadata().getName(), revision, attempt);
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(build.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    BuilderPodLabels.MANAGED_BY,
                    BuilderPodLabels.MANAGED_BY_VALUE,
                    BuilderPodLabels.IMAGE_BUILD,
                    build.getMetadata().getName()))
            .withAnnotations(
                Map.of(
                    BuilderPodLabels.REVISION,
                    revision,
                    BuilderPodLabels.ATTEMPT,
                    Integer.toString(attempt)))
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
    Pod pod =
        new PodBuilder()
            .withMetadata(meta)
            .withNewSpec()
            .withRestartPolicy("Never")
            .withAutomountServiceAccountToken(false)
            .addNewContainer()
            .withName(BuilderPodLabels.PUSH)
            .withImage(config.builderImage())
            .endContainer()
            .endSpec()
            .build();
    return new BuilderPlan(pod, Optional.empty(), revision);
  }
}
