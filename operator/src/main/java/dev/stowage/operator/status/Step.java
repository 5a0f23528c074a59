package dev.stowage.operator.status;

import dev.stowage.operator.pod.BuilderPodLabels;
import java.util.Optional;

/** The containers of a builder pod, in the order they run. */
public enum Step {
  SOURCE(BuilderPodLabels.SOURCE),
  PULL(BuilderPodLabels.PULL),
  BUILD(BuilderPodLabels.BUILD),
  PUSH(BuilderPodLabels.PUSH);

  private final String containerName;

  Step(String containerName) {
    this.containerName = containerName;
  }

  /** The container name of this step in the builder pod, also used in status.failedStep. */
  public String containerName() {
    return containerName;
  }

  /** The step a container belongs to, if it is one of ours. */
  public static Optional<Step> ofContainer(String name) {
    for (Step step : values()) {
      if (step.containerName.equals(name)) {
        return Optional.of(step);
      }
    }
    return Optional.empty();
  }
}
