package dev.stowage.operator.reconcile;

import dev.stowage.operator.api.ImageBuild;
import dev.stowage.operator.api.ImageBuildStatus;

/** Hears what the reconciler observes, e.g. to keep metrics. Must not block. */
public interface BuildListener {

  /** Does nothing. */
  BuildListener NONE = new BuildListener() {};

  /** Every reconcile: the build and its status as now recorded. */
  default void observed(ImageBuild build, ImageBuildStatus status) {}

  /** The build moved from {@code previous} (null for a new build) to {@code current}. */
  default void transitioned(
      ImageBuild build, ImageBuildStatus previous, ImageBuildStatus current) {}

  /** The build was deleted. */
  default void deleted(ImageBuild build) {}
}
