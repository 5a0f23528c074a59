package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.pod.BuilderPlan;
import dev.stowage.operator.pod.BuilderPodFactory;
import dev.stowage.operator.pod.BuilderPodLabels;
import dev.stowage.operator.pod.BuilderPodNames;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;

/**
 * Wraps the pod factory so Project mode always plans a ReadWriteOnce claim mounted by the pod,
 * whether or not the factory on this branch already does: the reconciler's create-if-missing and
 * queueing are what the tests check.
 */
final class ProjectVolumes {

  private ProjectVolumes() {}

  static AttemptPlanner plannerWithVolume(BuilderPodFactory factory) {
    return (build, attempt) -> {
      BuilderPlan plan = factory.desired(build, attempt);
      var storage = build.getSpec().storage();
      if (plan.projectVolume().isPresent()
          || storage == null
          || storage.modeOrDefault() != StorageMode.Project) {
        return plan;
      }
      var claim =
          new PersistentVolumeClaimBuilder()
              .withNewMetadata()
              .withName(BuilderPodNames.projectClaimName(storage.project()))
              .withNamespace(build.getMetadata().getNamespace())
              .withLabels(
                  Map.of(
                      BuilderPodLabels.MANAGED_BY,
                      BuilderPodLabels.MANAGED_BY_VALUE,
                      BuilderPodLabels.PROJECT,
                      storage.project()))
              .endMetadata()
              .withNewSpec()
              .withAccessModes("ReadWriteOnce")
              .withNewResources()
              .withRequests(Map.of("storage", new Quantity(storage.size())))
              .endResources()
              .endSpec()
              .build();
      Pod pod =
          new PodBuilder(plan.pod())
              .editSpec()
              .addNewVolume()
              .withName("storage")
              .withNewPersistentVolumeClaim()
              .withClaimName(claim.getMetadata().getName())
              .endPersistentVolumeClaim()
              .endVolume()
              .endSpec()
              .build();
      return new BuilderPlan(pod, Optional.of(claim), plan.revision());
    };
  }
}
