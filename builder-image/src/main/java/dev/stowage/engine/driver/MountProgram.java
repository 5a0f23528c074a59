package dev.stowage.engine.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What mounts an overlay for the {@code overlay} driver: the kernel, or fuse-overlayfs. */
sealed interface MountProgram permits KernelOverlay, FuseOverlayfs {

  /** {@code kernel} or {@code fuse-overlayfs}, as the build reports it. */
  String name();

  /**
   * Mounts {@code lowers} (top-most first) with {@code upper} and {@code work} at {@code target};
   * without an upper directory ({@code null}) the mount is read-only.
   */
  Mounted mount(List<Path> lowers, Path upper, Path work, Path target) throws IOException;

  /** Whether this program takes lower directory {@code dir} for opaque, as it is marked now. */
  boolean seesOpaque(Path dir) throws IOException;

  /** Marks {@code dir} of a lower directory of our own opaque, in the form this program reads. */
  void markOpaque(Path dir) throws IOException;

  /** A live mount. */
  interface Mounted {
    /** Unmounts; when it returns, every write has reached the upper directory. */
    void unmount() throws IOException;
  }
}
