package dev.stowage.engine.storage;

import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every path below a root with its type, mode, owner, size, mtime, ctime and content hash. */
final class TreeSnapshot {

  private TreeSnapshot() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        StringBuilder line =
            new StringBuilder()
                .append(Integer.toOctalString((Integer) a.get("mode")))
                .append(' ')
                .append(a.get("uid"))
                .append(':')
                .append(a.get("gid"))
                .append(" size=")
                .append(a.get("size"))
                .append(" mtime=")
                .append(a.get("lastModifiedTime"))
                .append(" ctime=")
                .append(a.get("ctime"));
        if (Files.isSymbolicLink(p)) {
          line.append(" -> ").append(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          line.append(" sha256=").append(Digest.sha256(Files.readAllBytes(p)).hex());
        }
        out.put(root.relativize(p).toString(), line.toString());
      }
    }
    return out;
  }
}
