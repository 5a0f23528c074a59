package dev.stowage.engine.driver;

import java.util.Objects;

/**
 * The storage driver a build uses, as the output and the result JSON report it.
 *
 * @param name {@code overlay} or {@code native} (the result's {@code storageDriver})
 * @param mountProgram for overlay: {@code fuse-overlayfs} or {@code kernel}; empty for native
 * @param userNamespace whether the engine runs in a user namespace of its own
 * @param note why a faster driver was not used; empty when none was refused
 */
public record DriverInfo(String name, String mountProgram, boolean userNamespace, String note) {

  public DriverInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mountProgram, "mountProgram");
    Objects.requireNonNull(note, "note");
  }

  /** One line for the build output, e.g. {@code overlay (fuse-overlayfs, user namespace)}. */
  public String describe() {
    StringBuilder s = new StringBuilder(name);
    if (!mountProgram.isEmpty() || userNamespace) {
      s.append(" (");
      s.append(mountProgram.isEmpty() ? "" : mountProgram);
      if (userNamespace) {
        s.append(mountProgram.isEmpty() ? "" : ", ").append("user namespace");
      }
      s.append(')');
    }
    if (!note.isEmpty()) {
      s.append(": ").append(note);
    }
    return s.toString();
  }
}
