package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this process may do with mounts: whether it lives in the initial user namespace, and which
 * capabilities it holds in its own (read from {@code /proc/self}).
 *
 * @param initialUserNamespace true outside any user namespace but the machine's
 * @param effectiveCapabilities the CapEff bit mask
 */
public record Namespaces(boolean initialUserNamespace, long effectiveCapabilities) {

  /** The inode of the initial user namespace, fixed by the kernel ({@code PROC_USER_INIT_INO}). */
  static final String INITIAL_USER_NAMESPACE = "user:[4026531837]";

  static final int CAP_SYS_ADMIN = 21;

  public boolean hasSysAdmin() {
    return (effectiveCapabilities & (1L << CAP_SYS_ADMIN)) != 0;
  }

  /**
   * A process the engine starts in a user namespace of its own ({@link UserNamespaces}): it holds
   * every capability there.
   */
  public static Namespaces ofOwnUserNamespace() {
    return new Namespaces(false, -1L);
  }

  /** This process, as {@code /proc/self} describes it. */
  public static Namespaces ofThisProcess() {
    boolean initial;
    try {
      initial =
          Files.readSymbolicLink(Path.of("/proc/self/ns/user"))
              .toString()
              .equals(INITIAL_USER_NAMESPACE);
    } catch (IOException | UnsupportedOperationException e) {
      initial = true; // no /proc: assume the plain case, where probing mounts decides
    }
    return new Namespaces(initial, RunCapabilities.effective().orElse(0));
  }
}
