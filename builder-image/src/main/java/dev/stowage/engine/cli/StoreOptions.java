package dev.stowage.engine.cli;

import dev.stowage.engine.cli.args.OptionSpec;
import dev.stowage.engine.storage.ReadOnlyStore;
import dev.stowage.engine.storage.StorageException;
import dev.stowage.engine.storage.Store;
import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code --storage-root} (alias {@code --root}) and {@code --additional-store}: which stores, with
 * defaults from {@value #STORAGE_ROOT_ENV} and {@value #ADDITIONAL_STORES_ENV} (the builder image
 * sets both).
 */
public final class StoreOptions {

  /** The graph root used when {@code --storage-root} is absent. */
  public static final String STORAGE_ROOT_ENV = "STOWAGE_STORAGE_ROOT";

  /** Colon-separated read-only stores searched after every {@code --additional-store}. */
  public static final String ADDITIONAL_STORES_ENV = "STOWAGE_ADDITIONAL_STORES";

  private Path storageRoot;
  private final List<Path> additionalStores = new ArrayList<>();

  private final Map<String, String> environment;

  /** Defaults from this process's environment. */
  public StoreOptions() {
    this(System.getenv());
  }

  /** Defaults from {@code environment} (tests, and commands that were handed one). */
  public StoreOptions(Map<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** {@code --storage-root} (alias {@code --root}) and {@code --additional-store}. */
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.value("--storage-root", "--root")
            .label("DIR")
            .help(
                "Graph root of our store (default $"
                    + STORAGE_ROOT_ENV
                    + ", else /var/lib/stowage as root, else ~/.local/share/stowage).")
            .toPath(p -> storageRoot = p),
        OptionSpec.value("--additional-store")
            .label("DIR")
            .help(
                "A read-only store searched after ours (repeatable, in order; then those in $"
                    + ADDITIONAL_STORES_ENV
                    + ").")
            .toPath(additionalStores::add));
  }

  /**
   * The graph root asked for: {@code --storage-root}, else {@value #STORAGE_ROOT_ENV} when set and
   * not empty, else {@code /var/lib/stowage} for root and {@code ~/.local/share/stowage} for
   * others.
   */
  public Path storageRoot() {
    if (storageRoot != null) {
      return storageRoot;
    }
    String fromEnv = environment.get(STORAGE_ROOT_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv.strip());
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/lib/stowage");
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "stowage");
  }

  /**
   * The additional stores in search order: every {@code --additional-store}, then the entries of
   * {@value #ADDITIONAL_STORES_ENV} (empty entries skipped); a store named twice is searched once,
   * where it first appears.
   */
  public List<Path> additionalStores() {
    return sources().stream().map(AdditionalStore::path).toList();
  }

  /**
   * Opens the additional stores, then our store (creating it), so that a wrong additional store
   * leaves nothing behind. A store that does not exist or is no store is an error naming where it
   * was configured; an empty store with its lock files opens fine.
   */
  public StoreSet open() {
    List<ReadOnlyStore> additional = new ArrayList<>();
    for (AdditionalStore source : sources()) {
      try {
        additional.add(ReadOnlyStore.open(source.path()));
      } catch (StorageException e) {
        if (!source.fromEnvironment()) {
          throw e;
        }
        throw new StorageException(
            ADDITIONAL_STORES_ENV
                + " names "
                + source.path()
                + ": "
                + e.getMessage()
                + " (fix or unset "
                + ADDITIONAL_STORES_ENV
                + ")",
            e);
      }
    }
    return StoreSet.of(Store.open(storageRoot()), additional);
  }

  private record AdditionalStore(Path path, boolean fromEnvironment) {}

  private List<AdditionalStore> sources() {
    List<AdditionalStore> out = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path p : additionalStores) {
      if (seen.add(p.toAbsolutePath().normalize())) {
        out.add(new AdditionalStore(p, false));
      }
    }
    String fromEnv = environment.get(ADDITIONAL_STORES_ENV);
    if (fromEnv != null) {
      for (String entry : fromEnv.split(":")) {
        String trimmed = entry.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        Path p = Path.of(trimmed);
        if (seen.add(p.toAbsolutePath().normalize())) {
          out.add(new AdditionalStore(p, true));
        }
      }
    }
    return out;
  }
}
