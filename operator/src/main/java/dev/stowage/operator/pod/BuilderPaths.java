package dev.stowage.operator.pod;

/** Paths inside builder pod containers: part of the contract with the {@code stowage} CLI. */
public final class BuilderPaths {

  /** The build context (source writes it; pull and build read it). */
  public static final String WORKSPACE = "/workspace";

  /** Mount point of the writable store volume. */
  public static final String STORAGE_MOUNT = "/var/lib/containers";

  /** The containers/storage root inside the store volume ({@code --storage-root}). */
  public static final String STORAGE_ROOT = STORAGE_MOUNT + "/storage";

  /** Additional store {@code n} is mounted read-only at this prefix plus {@code n}. */
  public static final String SHARED_PREFIX = "/var/lib/shared/";

  /** Scratch space; the root filesystem is read-only. */
  public static final String TMP = "/tmp";

  /** Directory of the downward-API file holding an inline source. */
  public static final String INLINE_DIR = "/etc/stowage/inline";

  /** The inline source as JSON, see {@link InlineSourcePayload}. */
  public static final String INLINE_FILE = INLINE_DIR + "/source.json";

  /** Files of a ConfigMap source, one file per key. */
  public static final String CONFIG_MAP_DIR = "/etc/stowage/configmap";

  /** Keys of the git clone Secret, one file per key (source step only). */
  public static final String GIT_CREDENTIALS = "/run/stowage/git";

  /** The registry Secret as seen by the pull step. */
  public static final String PULL_CREDENTIALS = "/run/stowage/pull";

  /** The registry Secret as seen by the push step. */
  public static final String PUSH_CREDENTIALS = "/run/stowage/push";

  /** Docker config file name inside a kubernetes.io/dockerconfigjson Secret. */
  public static final String DOCKER_CONFIG = ".dockerconfigjson";

  /** Where each step writes its one-line JSON result; the operator reads it from the status. */
  public static final String RESULT_FILE = "/dev/termination-log";

  private BuilderPaths() {}

  /** Mount point of additional store {@code index}. */
  public static String shared(int index) {
    return SHARED_PREFIX + index;
  }
}
