package dev.stowage.engine.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.fs.SafePath;
import dev.stowage.engine.json.JsonTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * Rebuilds a layer's original tar byte for byte from its tar-split ({@code
 * overlay-layers/<id>.tar-split.gz}) and its {@code diff/} directory, as containers/storage does,
 * so a pushed layer keeps the DiffID its image config names.
 */
final class TarSplitAssembler {

  private TarSplitAssembler() {}

  /** The tar-split file of {@code layerId} in the store at {@code graphRoot}. */
  static Path tarSplitFile(Path graphRoot, String layerId) {
    return graphRoot.resolve("overlay-layers").resolve(layerId + ".tar-split.gz");
  }

  /**
   * Writes the tar to {@code out}.
   *
   * @throws IOException when the tar-split is unreadable or a file in {@code diff} is missing,
   *     shorter, or not a regular file
   */
  static void assemble(Path tarSplitGz, Path diff, OutputStream out) throws IOException {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(tarSplitGz), 1 << 16),
                StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry = JsonTrees.parse(line);
        int type = entry.path("type").asInt();
        if (type == 2) {
          out.write(Base64.getDecoder().decode(entry.path("payload").asText("")));
        } else if (type == 1) {
          long size = entry.path("size").asLong(0);
          if (size > 0) {
            if (!entry.has("name")) {
              throw new IOException("tar-split entry without a UTF-8 name in " + tarSplitGz);
            }
            copyContent(diff, entry.get("name").asText(), size, out);
          }
        } else {
          throw new IOException("unknown tar-split entry type " + type + " in " + tarSplitGz);
        }
      }
    }
  }

  private static void copyContent(Path diff, String name, long size, OutputStream out)
      throws IOException {
    Path file = SafePath.resolveParent(diff, name);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(name + " is not a regular file in " + diff);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[1 << 16];
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(name + " in " + diff + " is shorter than its layer records");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
