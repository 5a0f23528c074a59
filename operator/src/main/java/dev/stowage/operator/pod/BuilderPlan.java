package dev.stowage.operator.pod;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** The resources one attempt of a build needs: the builder pod and, in Project mode, the PVC. */
public record BuilderPlan(
    Pod pod, Optional<PersistentVolumeClaim> projectVolume, String revision) {}
