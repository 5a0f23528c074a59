package dev.stowage.engine.build;

import dev.stowage.engine.fs.FileStat;
import dev.stowage.engine.fs.JdkStat;
import dev.stowage.engine.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.List;

/**
 * The content digest of COPY/ADD sources for the cache key: each entry's path, type, permission
 * bits, owner, size, link target and content. Times are left out, as in Docker: a touched but
 * unchanged file still hits.
 */
final class SourceDigest {

  private final MessageDigest md = Digest.newSha256();

  /** Adds one source tree, named as the instruction names it. */
  SourceDigest add(String name, List<SourceNode> nodes) throws IOException {
    text("source " + name);
    for (SourceNode n : nodes) {
      FileStat st = JdkStat.lstat(n.file()); // no FFM binding on a cached build's path
      text(
          n.relative()
              + " "
              + st.type()
              + " "
              + Integer.toOctalString(st.permissions())
              + " "
              + st.uid()
              + ":"
              + st.gid());
      if (st.isSymlink()) {
        text("-> " + Files.readSymbolicLink(n.file()));
      } else if (st.isRegularFile()) {
        text("size " + st.size());
        try (InputStream in = Files.newInputStream(n.file())) {
          byte[] buf = new byte[1 << 16];
          for (int r; (r = in.read(buf)) > 0; ) {
            md.update(buf, 0, r);
          }
        }
      }
    }
    return this;
  }

  SourceDigest text(String s) {
    md.update(s.getBytes(StandardCharsets.UTF_8));
    md.update((byte) '\n');
    return this;
  }

  String hex() {
    return Digest.of(md).hex();
  }
}
