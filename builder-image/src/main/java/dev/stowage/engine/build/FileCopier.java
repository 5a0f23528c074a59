package dev.stowage.engine.build;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.SafePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Writes COPY/ADD sources into a root file system without ever leaving it: every destination is
 * resolved inside the root (a symlink in the image pointing at {@code /} or {@code ../..} resolves
 * to the root, as it would inside the container), the final name is never followed, and what
 * already sits there is replaced rather than written through.
 */
final class FileCopier {

  private final Path rootfs;
  private final Optional<UserDatabase.Owner> chown;
  private final Optional<ChmodSpec> chmod;
  private final boolean keepOwners;

  /**
   * @param keepOwners keep the sources' owners (COPY --from) instead of root (context sources)
   */
  FileCopier(
      Path rootfs,
      Optional<UserDatabase.Owner> chown,
      Optional<ChmodSpec> chmod,
      boolean keepOwners) {
    this.rootfs = rootfs;
    this.chown = chown;
    this.chmod = chmod;
    this.keepOwners = keepOwners;
  }

  /** Whether {@code absolute} names a directory (following symlinks inside the root). */
  boolean isDirectory(String absolute) throws IOException {
    return Files.isDirectory(SafePath.resolve(rootfs, relative(absolute)));
  }

  /**
   * Creates {@code absolute} and its missing parents as directories (0755; the last one owned as
   * {@code --chown} says) and returns its host path.
   */
  Path mkdirs(String absolute) throws IOException {
    String rel = relative(absolute);
    if (rel.isEmpty()) {
      return rootfs;
    }
    String[] parts = rel.split("/");
    StringBuilder prefix = new StringBuilder();
    Path current = rootfs;
    for (int i = 0; i < parts.length; i++) {
      if (!prefix.isEmpty()) {
        prefix.append('/');
      }
      prefix.append(parts[i]);
      current = SafePath.resolve(rootfs, prefix.toString());
      FileStat st = Posix.lstatIfExists(current);
      if (st == null) {
        Files.createDirectory(current);
        Posix.chmod(current, 0755);
        if (i == parts.length - 1 && chown.isPresent()) {
          Posix.lchown(current, chown.get().uid(), chown.get().gid());
        }
      } else if (!st.isDirectory()) {
        throw new IOException("/" + prefix + " exists in the image and is not a directory");
      }
    }
    return current;
  }

  /** Copies a source tree so that its top lands at {@code target} (absolute in the root). */
  void copy(List<SourceNode> nodes, String target) throws IOException {
    for (SourceNode node : nodes) {
      String dest = node.relative().isEmpty() ? target : target + "/" + node.relative();
      copyOne(node.file(), dest, node.relative().isEmpty());
    }
  }

  private void copyOne(Path source, String destAbsolute, boolean top) throws IOException {
    FileStat src = Posix.lstat(source);
    String rel = relative(destAbsolute);
    if (rel.isEmpty()) {
      if (!src.isDirectory()) {
        throw new IOException("cannot replace the root directory with a file");
      }
      return;
    }
    Path dest = SafePath.resolveParent(rootfs, rel);
    FileStat existing = Posix.lstatIfExists(dest);
    if (src.isDirectory()) {
      if (existing != null
          && existing.isSymlink()
          && Files.isDirectory(SafePath.resolve(rootfs, rel))) {
        // merged-usr images: /bin -> usr/bin receives the contents, resolved inside the root
        return;
      }
      if (existing != null && existing.isDirectory()) {
        if (!top) {
          setMetadata(dest, src, true);
        }
        return;
      }
      if (existing != null) {
        Files.delete(dest);
      }
      if (top) {
        mkdirs(destAbsolute);
        return;
      }
      Files.createDirectory(dest);
      setMetadata(dest, src, true);
      return;
    }
    if (existing != null) {
      if (existing.isDirectory()) {
        throw new IOException(
            "cannot copy a file over the directory " + destAbsolute + " in the image");
      }
      Files.delete(dest);
    }
    if (src.isSymlink()) {
      Posix.symlink(Posix.readlink(source), dest);
      Posix.lchown(dest, owner(src)[0], owner(src)[1]);
      return;
    }
    if (!src.isRegularFile()) {
      // sockets, fifos and devices have no place in a build context
      return;
    }
    Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    setMetadata(dest, src, false);
  }

  private void setMetadata(Path dest, FileStat src, boolean directory) throws IOException {
    long[] owner = owner(src);
    Posix.lchown(dest, owner[0], owner[1]);
    int perms = chmod.map(c -> c.applyTo(src.permissions(), directory)).orElse(src.permissions());
    Posix.chmod(dest, perms);
    Posix.utimens(dest, src.mtime(), src.mtime());
  }

  private long[] owner(FileStat src) {
    if (chown.isPresent()) {
      return new long[] {chown.get().uid(), chown.get().gid()};
    }
    return keepOwners ? new long[] {src.uid(), src.gid()} : new long[] {0, 0};
  }

  private static String relative(String absolute) {
    String clean = CopyDestination.clean(absolute);
    return clean.equals("/") ? "" : clean.substring(1);
  }
}
