package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.pod.BuilderPlan;

/** What one attempt of a build needs; {@code BuilderPodFactory::desired} in production. */
@FunctionalInterface
public interface AttemptPlanner {

  /** The pod (and project volume) of attempt {@code attempt}, counted from 1. */
  BuilderPlan desired(ImageBuild build, int attempt);
}
