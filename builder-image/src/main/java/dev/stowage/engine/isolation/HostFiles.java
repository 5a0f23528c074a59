package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts {@code /etc/hosts} and {@code /etc/resolv.conf} into a root file system for one RUN and puts
 * back exactly what the image had there afterwards (content, mode, owner, times, a symlink, or
 * nothing), so they never end up in a layer. Symlinks in the image are replaced, never written
 * through: {@code /etc/resolv.conf -> /run/systemd/...} must not reach the host.
 */
public final class HostFiles implements AutoCloseable {

  /** Paths (inside the root) the layer diff must skip while a RUN may have touched them. */
  public static final List<String> PATHS = List.of("/etc/hosts", "/etc/resolv.conf");

  private static final long MAX_SAVED = 1 << 20;
  private static final Set<PosixFilePermission> RW_R_R =
      PosixFilePermissions.fromString("rw-r--r--");

  private final List<Saved> saved;
  private final Path etc;
  private final boolean createdEtc;
  private final FileTime etcModified;
  private boolean closed;

  private HostFiles(List<Saved> saved, Path etc, boolean createdEtc, FileTime etcModified) {
    this.saved = saved;
    this.etc = etc;
    this.createdEtc = createdEtc;
    this.etcModified = etcModified;
  }

  /** The paths the diff must ignore ({@link #PATHS}). */
  public static List<String> ignoredPaths() {
    return PATHS;
  }

  /** As {@link #provide(Path, Optional, Path)} with the host's own {@code /etc/resolv.conf}. */
  public static HostFiles provide(Path rootfs, Optional<String> hostname) throws IOException {
    return provide(rootfs, hostname, Path.of("/etc/resolv.conf"));
  }

  /**
   * Writes the files into {@code rootfs}: hosts maps localhost (and {@code hostname} when given) to
   * loopback; resolv.conf is a copy of {@code hostResolvConf}, left alone when that file is absent.
   * Close the result to restore the image's files.
   */
  public static HostFiles provide(Path rootfs, Optional<String> hostname, Path hostResolvConf)
      throws IOException {
    Path etc = RootPath.resolve(rootfs, "/etc");
    if (!etc.startsWith(rootfs)) {
      throw new IOException("/etc of " + rootfs + " resolves outside it: " + etc);
    }
    boolean createdEtc = false;
    FileTime etcModified = null;
    if (Files.exists(etc, LinkOption.NOFOLLOW_LINKS)) {
      if (!RootPath.isRealDirectory(etc)) {
        throw new IOException("/etc in " + rootfs + " is not a directory");
      }
      etcModified = Files.getLastModifiedTime(etc, LinkOption.NOFOLLOW_LINKS);
    } else {
      Files.createDirectories(etc);
      createdEtc = true;
    }
    StringBuilder hosts = new StringBuilder();
    hosts.append("127.0.0.1\tlocalhost\n");
    hosts.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    hostname.ifPresent(h -> hosts.append("127.0.1.1\t").append(h).append('\n'));
    List<Saved> saved = new ArrayList<>();
    HostFiles provided = new HostFiles(saved, etc, createdEtc, etcModified);
    try {
      saved.add(replace(etc.resolve("hosts"), hosts.toString().getBytes(StandardCharsets.UTF_8)));
      if (Files.isRegularFile(hostResolvConf)) {
        saved.add(replace(etc.resolve("resolv.conf"), Files.readAllBytes(hostResolvConf)));
      }
    } catch (IOException | RuntimeException e) {
      provided.close();
      throw e;
    }
    return provided;
  }

  /** Restores the image's files; safe to call twice. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    for (Saved s : saved.reversed()) {
      try {
        s.restore();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (createdEtc) {
      try (var entries = Files.list(etc)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(etc);
        }
      }
    } else if (etcModified != null) {
      Files.getFileAttributeView(etc, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(etcModified, null, null);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static Saved replace(Path file, byte[] content) throws IOException {
    Saved original = Saved.of(file);
    if (original.kind() == Kind.OTHER) {
      throw new IOException(file + " is neither a file nor a symlink; cannot provide it for RUN");
    }
    Files.deleteIfExists(file); // never follows a symlink
    Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.setPosixFilePermissions(file, RW_R_R);
    Files.setAttribute(file, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(file, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
    return original;
  }

  private enum Kind {
    ABSENT,
    FILE,
    SYMLINK,
    OTHER
  }

  /** What the image had at one path. */
  private record Saved(
      Path path,
      Kind kind,
      byte[] content,
      Path linkTarget,
      Set<PosixFilePermission> permissions,
      int uid,
      int gid,
      FileTime modified,
      FileTime accessed) {

    static Saved of(Path path) throws IOException {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return new Saved(path, Kind.ABSENT, null, null, null, 0, 0, null, null);
      }
      Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
      int uid = (Integer) a.get("uid");
      int gid = (Integer) a.get("gid");
      FileTime modified = (FileTime) a.get("lastModifiedTime");
      FileTime accessed = (FileTime) a.get("lastAccessTime");
      if (Boolean.TRUE.equals(a.get("isSymbolicLink"))) {
        return new Saved(
            path,
            Kind.SYMLINK,
            null,
            Files.readSymbolicLink(path),
            null,
            uid,
            gid,
            modified,
            accessed);
      }
      if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
        return new Saved(path, Kind.OTHER, null, null, null, uid, gid, modified, accessed);
      }
      if ((Long) a.get("size") > MAX_SAVED) {
        throw new IOException(
            path + " is larger than " + MAX_SAVED + " bytes; refusing to replace it");
      }
      @SuppressWarnings("unchecked")
      Set<PosixFilePermission> permissions = (Set<PosixFilePermission>) a.get("permissions");
      return new Saved(
          path,
          Kind.FILE,
          Files.readAllBytes(path),
          null,
          permissions,
          uid,
          gid,
          modified,
          accessed);
    }

    void restore() throws IOException {
      if (kind == Kind.OTHER) {
        return; // never replaced
      }
      Files.deleteIfExists(path);
      switch (kind) {
        case ABSENT, OTHER -> {
          return;
        }
        case SYMLINK -> Files.createSymbolicLink(path, linkTarget);
        case FILE -> {
          Files.write(path, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          Files.setPosixFilePermissions(path, permissions);
        }
      }
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(modified, accessed, null);
    }
  }
}
