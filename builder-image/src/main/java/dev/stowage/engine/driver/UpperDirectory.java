package dev.stowage.engine.driver;

import dev.stowage.engine.archive.OpaqueMarks;
import dev.stowage.engine.fs.Errno;
import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.PosixException;
import dev.stowage.engine.fs.Timespec;
import dev.stowage.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Brings an overlay upper directory into the form the store keeps layer diffs in, whichever program
 * wrote it: whiteouts are char 0/0 devices (fuse-overlayfs writes {@code .wh.<name>} files where it
 * may not create devices), an opaque directory carries {@code trusted.overlay.opaque=y} or, where
 * that is refused (no SYS_ADMIN), a {@code .wh..wh..opq} file; the mount program's own bookkeeping
 * attributes go; with {@code --timestamp} no file is newer than that time.
 */
final class UpperDirectory {

  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE_MARKER = ".wh..wh..opq";
  static final String TRUSTED_OPAQUE = "trusted.overlay.opaque";
  private static final List<String> OPAQUE_XATTRS =
      List.of(TRUSTED_OPAQUE, "user.overlay.opaque", "user.fuseoverlayfs.opaque");
  private static final byte[] YES = {'y'};

  private final Path upper;
  private final List<Path> lowers;
  private final Optional<Timespec> clamp;

  private UpperDirectory(Path upper, List<Path> lowers, Optional<Long> timestamp) {
    this.upper = upper;
    this.lowers = lowers;
    this.clamp = timestamp.map(s -> new Timespec(s, 0));
  }

  /**
   * Normalises {@code upper} in place; returns whether it holds any change at all. A directory
   * marked opaque that no lower directory of {@code lowers} holds hides nothing and loses its
   * marker (fuse-overlayfs marks every directory it creates).
   */
  static boolean normalize(Path upper, List<Path> lowers, Optional<Long> timestamp)
      throws IOException {
    boolean any = new UpperDirectory(upper, lowers, timestamp).directory(upper);
    stripBookkeeping(upper);
    return any;
  }

  /** Normalises the children of {@code dir}; true when any remain. */
  private boolean directory(Path dir) throws IOException {
    Path[] children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.toArray(Path[]::new);
    }
    Arrays.sort(children);
    boolean any = false;
    for (Path child : children) {
      String name = child.getFileName().toString();
      FileStat st = Posix.lstat(child);
      if (name.startsWith(WHITEOUT_PREFIX) && !name.equals(OPAQUE_MARKER)) {
        if (st.isOverlayWhiteout()) {
          // a whiteout of a whiteout's name (fuse-overlayfs makes one next to its marker file)
          Files.delete(child);
          continue;
        }
        if (st.isRegularFile() && st.size() == 0) {
          toWhiteoutDevice(child, dir.resolve(name.substring(WHITEOUT_PREFIX.length())));
          any = true;
          continue;
        }
      }
      any = true;
      if (st.isDirectory()) {
        boolean opaque = isOpaque(child) && hidesSomething(child);
        Files.deleteIfExists(child.resolve(OPAQUE_MARKER));
        directory(child);
        stripBookkeeping(child);
        if (opaque) {
          markOpaque(child);
        }
        // converting markers changed the directory's mtime: the layer keeps the one RUN left
        Posix.utimens(child, st.atime(), clamped(st.mtime()));
      } else if (!st.isOverlayWhiteout()) {
        stripBookkeeping(child);
        if (!clamped(st.mtime()).equals(st.mtime())) {
          Posix.utimens(child, clamped(st.atime()), clamped(st.mtime()));
        }
      }
    }
    return any;
  }

  /** A {@code .wh.<name>} file becomes the char 0/0 device {@code <name>} where we may mknod. */
  private static void toWhiteoutDevice(Path marker, Path whiteout) throws IOException {
    if (Posix.lstatIfExists(whiteout) != null) {
      Files.delete(marker); // the name exists again in this layer: the old deletion is moot
      return;
    }
    try {
      Posix.mkOverlayWhiteout(whiteout);
      Files.delete(marker);
    } catch (PosixException e) {
      if (e.errno() != Errno.EPERM) {
        throw e;
      }
      // kernels before 5.8 refuse unprivileged whiteout devices: the .wh. file stays, which
      // the store's readers and fuse-overlayfs understand
    }
  }

  /** Whether a lower directory holds {@code dir}'s path, which an opaque marker then hides. */
  private boolean hidesSomething(Path dir) throws IOException {
    String rel = upper.relativize(dir).toString();
    for (Path lower : lowers) {
      if (Posix.lstatIfExists(lower.resolve(rel)) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOpaque(Path dir) throws IOException {
    if (Posix.lstatIfExists(dir.resolve(OPAQUE_MARKER)) != null) {
      return true;
    }
    for (String name : OPAQUE_XATTRS) {
      byte[] v = Xattrs.get(dir, name);
      if (v != null && Arrays.equals(v, YES)) {
        return true;
      }
    }
    return false;
  }

  private static void markOpaque(Path dir) throws IOException {
    OpaqueMarks.mark(dir, TRUSTED_OPAQUE);
  }

  /** Removes what overlay programs keep for themselves (origin, impure, redirect, fuse stats…). */
  private static void stripBookkeeping(Path path) throws IOException {
    for (String name : Xattrs.list(path)) {
      boolean bookkeeping =
          name.startsWith("trusted.overlay.")
              || name.startsWith("user.overlay.")
              || name.startsWith("user.fuseoverlayfs.");
      // an opaque marker is set again, in the store's form, once the children are done
      if (bookkeeping) {
        try {
          Xattrs.remove(path, name);
        } catch (PosixException e) {
          if (e.errno() != Errno.EPERM) {
            throw e;
          }
        }
      }
    }
  }

  private Timespec clamped(Timespec t) {
    return clamp.map(t::clampTo).orElse(t);
  }
}
