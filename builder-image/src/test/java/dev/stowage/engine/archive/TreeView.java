package dev.stowage.engine.archive;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Everything a layer should preserve about a tree, as comparable text per path. */
final class TreeView {

  private TreeView() {}

  static Map<String, String> of(Path root) throws IOException {
    return of(root, false);
  }

  /** {@code ignoreDirTimes} for trees whose directories get touched after extraction. */
  static Map<String, String> of(Path root, boolean ignoreDirTimes) throws IOException {
    TreeMap<String, String> view = new TreeMap<>();
    Map<String, String> firstByInode = new HashMap<>();
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted().toList()) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        FileStat st = Posix.lstat(p);
        StringBuilder d = new StringBuilder();
        d.append(st.type())
            .append(" mode=")
            .append(Integer.toOctalString(st.permissions()))
            .append(" owner=")
            .append(st.uid())
            .append(':')
            .append(st.gid());
        if (!(ignoreDirTimes && st.isDirectory())) {
          d.append(" mtime=").append(st.mtime().toNanos());
        }
        switch (st.type()) {
          case REGULAR -> {
            d.append(" size=").append(st.size());
            d.append(" sha=").append(Digest.sha256(Files.readAllBytes(p)).shortHex());
            if (st.nlink() > 1) {
              String first = firstByInode.putIfAbsent(st.dev() + ":" + st.inode(), rel);
              d.append(" linkgroup=").append(first == null ? rel : first);
            }
          }
          case SYMLINK -> d.append(" -> ").append(Posix.readlink(p));
          case CHAR_DEVICE, BLOCK_DEVICE ->
              d.append(" dev=").append(st.rdevMajor()).append(',').append(st.rdevMinor());
          default -> {}
        }
        for (var x : Xattrs.getAll(p).entrySet()) {
          d.append(' ')
              .append(x.getKey())
              .append('=')
              .append(HexFormat.of().formatHex(x.getValue()));
        }
        view.put(rel, d.toString());
      }
    }
    return view;
  }
}
