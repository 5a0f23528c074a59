package dev.stowage.engine.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lists a layer's {@code diff/} directory with overlay semantics, so lower layers can be
 * materialised: char devices 0/0 and aufs-style {@code .wh.<name>} files are whiteouts, and a
 * directory is opaque when it carries {@code trusted.overlay.opaque=y} or {@code
 * user.overlay.opaque=y} or holds a {@code .wh..wh..opq} marker. Entries come parents first, names
 * sorted.
 */
public final class OverlayDiffReader {

  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE_MARKER = ".wh..wh..opq";
  private static final List<String> OPAQUE_XATTRS =
      List.of("trusted.overlay.opaque", "user.overlay.opaque");
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;

  private final XattrReader xattrs;

  /** A reader that asks {@code xattrs} for the opaque attributes. */
  public OverlayDiffReader(XattrReader xattrs) {
    this.xattrs = xattrs;
  }

  /** A reader that sees {@code user.*} attributes only (trusted.* needs the fs package). */
  public static OverlayDiffReader userXattrsOnly() {
    return new OverlayDiffReader(new UserXattrReader());
  }

  /** All entries below {@code diffDir} (the root itself is not reported). */
  public List<DiffEntry> read(Path diffDir) throws IOException {
    List<DiffEntry> out = new ArrayList<>();
    walk(diffDir, "", out);
    return out;
  }

  private void walk(Path dir, String prefix, List<DiffEntry> out) throws IOException {
    Path[] children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.toArray(Path[]::new);
    }
    Arrays.sort(
        children, (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path child : children) {
      String name = child.getFileName().toString();
      String path = prefix + name;
      if (name.equals(OPAQUE_MARKER)) {
        continue; // reported through its directory
      }
      if (name.startsWith(WHITEOUT_PREFIX)) {
        out.add(
            new DiffEntry(
                prefix + name.substring(WHITEOUT_PREFIX.length()), DiffEntry.Kind.WHITEOUT, child));
        continue;
      }
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        DiffEntry.Kind kind =
            isOpaque(child) ? DiffEntry.Kind.OPAQUE_DIRECTORY : DiffEntry.Kind.DIRECTORY;
        out.add(new DiffEntry(path, kind, child));
        walk(child, path + "/", out);
      } else if (isWhiteoutDevice(child)) {
        out.add(new DiffEntry(path, DiffEntry.Kind.WHITEOUT, child));
      } else {
        out.add(new DiffEntry(path, DiffEntry.Kind.FILE, child));
      }
    }
  }

  private boolean isOpaque(Path dir) throws IOException {
    if (Files.exists(dir.resolve(OPAQUE_MARKER), LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    for (String name : OPAQUE_XATTRS) {
      Optional<byte[]> value = xattrs.get(dir, name);
      if (value.isPresent() && new String(value.get(), StandardCharsets.UTF_8).equals("y")) {
        return true;
      }
    }
    return false;
  }

  static boolean isWhiteoutDevice(Path file) throws IOException {
    Map<String, Object> attrs =
        Files.readAttributes(file, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode");
    long rdev = (Long) attrs.get("rdev");
    return (mode & S_IFMT) == S_IFCHR && rdev == 0;
  }
}
