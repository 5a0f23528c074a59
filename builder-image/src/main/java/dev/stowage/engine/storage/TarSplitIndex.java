package dev.stowage.engine.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.json.JsonTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * What a layer's tar-split says about it without its {@code diff/}: the directories its tar marked
 * opaque ({@code .wh..wh..opq} entries). A store written with CAP_SYS_ADMIN keeps those marks as
 * {@code trusted.overlay.opaque}, which a process without it cannot even see; the tar-split still
 * names them.
 */
public final class TarSplitIndex {

  private static final String MARKER = ".wh..wh..opq";

  private TarSplitIndex() {}

  /**
   * The opaque directories of {@code layer}, relative without leading slash ({@code ""} for the
   * root); empty when the store kept no tar-split for it.
   */
  public static Set<String> opaqueDirectories(ResolvedLayer layer) throws IOException {
    Path file =
        layer.store().root().resolve("overlay-layers").resolve(layer.id() + ".tar-split.gz");
    Set<String> dirs = new TreeSet<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.contains(MARKER)) {
          continue; // most lines: only parse what may name a marker
        }
        JsonNode entry = JsonTrees.parse(line);
        String name = entry.path("name").asText("");
        if (entry.path("type").asInt() != 1 || !name.endsWith(MARKER)) {
          continue;
        }
        String path = name;
        while (path.startsWith("./") || path.startsWith("/")) {
          path = path.substring(path.startsWith("./") ? 2 : 1);
        }
        if (path.equals(MARKER)) {
          dirs.add("");
        } else if (path.endsWith("/" + MARKER)) {
          dirs.add(path.substring(0, path.length() - MARKER.length() - 1));
        }
      }
    } catch (NoSuchFileException e) {
      return Set.of();
    }
    return dirs;
  }
}
