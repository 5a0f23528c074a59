package dev.stowage.engine.archive;

import dev.stowage.engine.fs.Errno;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.PosixException;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a store marks an opaque directory in a layer's diff: the attribute overlayfs reads ({@code
 * trusted.overlay.opaque}, podman's form as root); where setting it is refused (trusted.* needs
 * CAP_SYS_ADMIN, which a builder pod lacks) {@code user.overlay.opaque}, which the kernel's
 * overlayfs in a user namespace ({@code userxattr}) and fuse-overlayfs read; and only where the
 * file system takes no user attributes either, the {@code .wh..wh..opq} file fuse-overlayfs
 * honours.
 */
public final class OpaqueMarks {

  /** The attribute rootless overlay mounts read. */
  public static final String USER_OPAQUE = "user.overlay.opaque";

  private static final byte[] YES = "y".getBytes(StandardCharsets.UTF_8);

  private OpaqueMarks() {}

  /** Marks {@code dir} opaque, preferring {@code preferredXattr}. */
  public static void mark(Path dir, String preferredXattr) throws IOException {
    for (String name : new String[] {preferredXattr, USER_OPAQUE}) {
      try {
        Xattrs.set(dir, name, YES);
        return;
      } catch (PosixException e) {
        if (e.errno() != Errno.EPERM && e.errno() != Errno.EOPNOTSUPP) {
          throw e;
        }
      }
    }
    Path marker = dir.resolve(LayerWriter.OPAQUE_MARKER);
    Files.deleteIfExists(marker);
    Files.createFile(marker);
    Posix.chmod(marker, 0);
  }
}
