package dev.stowage.engine.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A containers-storage.conf(5) that points podman, buildah or CRI-O at a store: overlay driver,
 * graph root, run root and the additional (read-only) image stores.
 *
 * <p>Give it to podman through {@code CONTAINERS_STORAGE_CONF} and pass no {@code --root}, {@code
 * --runroot} or {@code --storage-driver} flag: with any of them podman drops the configured
 * additional image stores.
 */
public record StorageConf(Path graphRoot, Path runRoot, List<Path> additionalImageStores) {

  public StorageConf {
    Objects.requireNonNull(graphRoot, "graphRoot");
    Objects.requireNonNull(runRoot, "runRoot");
    additionalImageStores = List.copyOf(additionalImageStores);
  }

  /** The file's TOML text. */
  public String toToml() {
    StringBuilder out = new StringBuilder();
    out.append("[storage]\n");
    out.append("driver = \"overlay\"\n");
    out.append("graphroot = ").append(quote(graphRoot)).append('\n');
    out.append("runroot = ").append(quote(runRoot)).append('\n');
    out.append("\n[storage.options]\n");
    out.append("additionalimagestores = [");
    for (int i = 0; i < additionalImageStores.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(quote(additionalImageStores.get(i)));
    }
    out.append("]\n");
    return out.toString();
  }

  private static String quote(Path path) {
    String text = path.toAbsolutePath().normalize().toString();
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character in store path " + text);
      }
      out.append(c);
    }
    return out.append('"').toString();
  }
}
