package dev.stowage.operator.pod;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fixed, small resources of the steps around {@code build}. Init containers run one at a time, so
 * these never add to the pod's request beyond the largest step.
 */
final class StepResources {

  private StepResources() {}

  static ResourceRequirements source() {
    return of("100m", "256Mi", "1", "1Gi");
  }

  static ResourceRequirements pull() {
    return of("250m", "512Mi", "2", "2Gi");
  }

  static ResourceRequirements push() {
    return of("250m", "512Mi", "2", "2Gi");
  }

  private static ResourceRequirements of(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .withRequests(
            new TreeMap<>(
                Map.of("cpu", new Quantity(cpuRequest), "memory", new Quantity(memoryRequest))))
        .withLimits(
            new TreeMap<>(
                Map.of("cpu", new Quantity(cpuLimit), "memory", new Quantity(memoryLimit))))
        .build();
  }
}
