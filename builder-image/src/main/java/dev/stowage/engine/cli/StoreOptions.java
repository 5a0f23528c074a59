package dev.stowage.engine.cli;

import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --storage-root} (alias {@code --root}) and {@code --additional-store}: which stores. */
public final class StoreOptions {

  @Option(
      names = {"--storage-root", "--root"},
      paramLabel = "DIR",
      description =
          "Graph root of our store (default /var/lib/stowage as root, else"
              + " ~/.local/share/stowage).")
  Path storageRoot;

  @Option(
      names = "--additional-store",
      paramLabel = "DIR",
      description = "A read-only store searched after ours (repeatable, in order).")
  List<Path> additionalStores = new ArrayList<>();

  /** The graph root asked for, or the default for this user. */
  public Path storageRoot() {
    if (storageRoot != null) {
      return storageRoot;
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/lib/stowage");
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "stowage");
  }

  public List<Path> additionalStores() {
    return List.copyOf(additionalStores);
  }

  /** Opens our store (creating it) and the additional stores. */
  public StoreSet open() {
    return StoreSet.open(storageRoot(), additionalStores());
  }
}
