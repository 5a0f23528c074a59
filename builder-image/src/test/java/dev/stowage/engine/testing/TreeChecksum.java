package dev.stowage.engine.testing;

import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A digest over every path, its type, mode, owner, mtime and content below a directory. */
public final class TreeChecksum {

  private TreeChecksum() {}

  public static Digest of(Path root) throws IOException {
    MessageDigest md = Digest.newSha256();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted().toList();
    }
    for (Path p : paths) {
      if (p.equals(root)) {
        continue; // the root's own metadata is the container's, not the tree's
      }
      Map<String, Object> a =
          Files.readAttributes(
              p, "unix:mode,uid,gid,lastModifiedTime,size", LinkOption.NOFOLLOW_LINKS);
      String line =
          root.relativize(p)
              + " "
              + a.get("mode")
              + " "
              + a.get("uid")
              + " "
              + a.get("gid")
              + " "
              + a.get("lastModifiedTime")
              + " "
              + a.get("size")
              + "\n";
      md.update(line.getBytes(StandardCharsets.UTF_8));
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        try (InputStream in = Files.newInputStream(p)) {
          md.update(in.readAllBytes());
        }
      } else if (Files.isSymbolicLink(p)) {
        md.update(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return Digest.of(md);
  }
}
