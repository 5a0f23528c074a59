package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every entry of a tree with type, mode, owner, size, mtime and content hash, for comparisons. */
final class TreeState {

  private TreeState() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        String content = "";
        if (Files.isSymbolicLink(p)) {
          content = "-> " + Files.readSymbolicLink(p);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          content = sha256(Files.readAllBytes(p));
        }
        state.put(
            "/" + root.relativize(p),
            String.format(
                "mode=%o uid=%s gid=%s size=%s mtime=%s %s",
                a.get("mode"),
                a.get("uid"),
                a.get("gid"),
                Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "-" : a.get("size"),
                a.get("lastModifiedTime"),
                content));
      }
    }
    return state;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
