package dev.stowage.operator.api;

/** Stable, typed reasons for a build's state; tools may switch on them. */
public enum Reason {
  /** The spec is invalid in a way admission could not catch (e.g. operator policy). */
  InvalidSpec,
  /** The storage mode or a hostPath store is not allowed by the operator configuration. */
  StorageNotAllowed,
  /** The Containerfile, context or build arguments are wrong (build exit code 2). */
  InvalidContainerfile,
  /** A RUN step or other user build step failed (build exit code 2). */
  BuildFailed,
  /** The source could not be fetched (git clone, ConfigMap). */
  SourceFetchFailed,
  /** A base image could not be pulled. */
  BaseImagePullFailed,
  /** The image could not be pushed. */
  PushFailed,
  /** A registry refused the credentials. */
  RegistryAuthFailed,
  /** The build ran past spec.timeout. */
  Timeout,
  /** The builder pod was evicted and the retries are used up. */
  PodEvicted,
  /** The builder pod disappeared (node loss, deletion) and the retries are used up. */
  PodLost,
  /** The builder image could not be pulled. */
  BuilderImagePullFailed,
  /** A step ran out of memory. */
  OutOfMemory,
  /** The pod has no usable /dev/fuse where the configuration demands it. */
  FuseUnavailable,
  /** The environment refused something (device, permission; exit code 4). */
  EnvironmentError,
  /** The engine failed unexpectedly (exit code 1). */
  InternalError,
  /** Waiting for the project's volume, which another build of the project holds. */
  WaitingForProjectVolume,
  /** Waiting before retrying an infrastructure failure. */
  RetryBackoff,
  /** The build finished successfully. */
  BuildSucceeded
}
