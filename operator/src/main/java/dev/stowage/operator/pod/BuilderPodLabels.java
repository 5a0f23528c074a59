package dev.stowage.operator.pod;

/** Labels and annotations by which the operator finds and versions its builder pods. */
public final class BuilderPodLabels {

  /** Label on every builder pod and project PVC: managed by Stowage. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "stowage";

  /** Label naming the ImageBuild a pod belongs to. */
  public static final String IMAGE_BUILD = "stowage.dev/imagebuild";

  /** Label naming the project of a project PVC and its pods. */
  public static final String PROJECT = "stowage.dev/project";

  /** Annotation: hash of everything that defines the build; a change means a new pod. */
  public static final String REVISION = "stowage.dev/revision";

  /** Annotation: the attempt number (1 + infrastructure retries so far). */
  public static final String ATTEMPT = "stowage.dev/attempt";

  /** Annotation: the inline source as JSON, projected into the source step only. */
  public static final String INLINE_SOURCE = "stowage.dev/inline-source";

  /** CRI-O annotation adding a device to the pod's containers. */
  public static final String CRIO_DEVICES = "io.kubernetes.cri-o.Devices";

  /** Value of {@link #CRIO_DEVICES}: /dev/fuse, read, write, mknod. */
  public static final String CRIO_FUSE = "/dev/fuse:rwm";

  /** Container names, in the order they run. */
  public static final String SOURCE = "source";

  public static final String PULL = "pull";
  public static final String BUILD = "build";
  public static final String PUSH = "push";

  private BuilderPodLabels() {}
}
