package dev.stowage.engine.isolation;

/** A RUN step could not be started in its chroot: the reason says why and what to check. */
public class IsolationException extends RuntimeException {

  /** Why the launcher gave up before the command ran. */
  public enum Reason {
    /** argv[0] is not in the image's PATH (exit code 127, as podman). */
    COMMAND_NOT_FOUND(127),
    /** argv[0] exists but cannot be executed: permissions, format, missing interpreter (126). */
    NOT_EXECUTABLE(126),
    /** The working directory does not exist inside the root. */
    WORKDIR_MISSING(125),
    /** chroot into the root file system failed. */
    CHROOT_FAILED(125),
    /** Changing ids, groups or capabilities was refused (the engine lacks a capability). */
    PERMISSION_DENIED(125),
    /** USER names a user or group the image's passwd or group file does not hold. */
    UNKNOWN_USER(125),
    /** Mounting /proc, /sys or /dev for the RUN was refused. */
    MOUNT_FAILED(125),
    /** The launcher process itself failed (JVM did not start, bad spec, unexpected error). */
    LAUNCHER_FAILED(125);

    private final int exitCode;

    Reason(int exitCode) {
      this.exitCode = exitCode;
    }

    /** The exit code the launcher ends with for this reason. */
    public int exitCode() {
      return exitCode;
    }
  }

  private final Reason reason;

  public IsolationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public IsolationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
