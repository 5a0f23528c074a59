package dev.stowage.engine.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auth files podman would consult, in its order: an explicit {@code --authfile}, else {@code
 * REGISTRY_AUTH_FILE}, else {@code $XDG_RUNTIME_DIR/containers/auth.json}, {@code
 * $XDG_CONFIG_HOME/containers/auth.json}, {@code $DOCKER_CONFIG/config.json} (default {@code
 * ~/.docker/config.json}); the first file with an entry for the registry wins.
 */
public final class AuthFiles implements CredentialProvider {

  private final List<AuthFile> files;

  private AuthFiles(List<AuthFile> files) {
    this.files = List.copyOf(files);
  }

  /** Only {@code authFile}, which must exist (as {@code --authfile} demands). */
  public static AuthFiles of(Path authFile) {
    return new AuthFiles(List.of(AuthFile.read(authFile)));
  }

  /** The files of the current process's environment and home directory. */
  public static AuthFiles discover(Path explicitAuthFile) {
    return discover(explicitAuthFile, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * The files for {@code env} and {@code home}. An explicit file or {@code REGISTRY_AUTH_FILE} must
   * exist; the default locations are skipped when absent.
   */
  public static AuthFiles discover(Path explicitAuthFile, Map<String, String> env, Path home) {
    if (explicitAuthFile != null) {
      return of(explicitAuthFile);
    }
    String fromEnv = env.get("REGISTRY_AUTH_FILE");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return of(Path.of(fromEnv));
    }
    List<AuthFile> found = new ArrayList<>();
    for (Path candidate : defaultLocations(env, home)) {
      if (Files.isRegularFile(candidate)) {
        found.add(AuthFile.read(candidate));
      }
    }
    return new AuthFiles(found);
  }

  /** The default locations, in lookup order. */
  public static List<Path> defaultLocations(Map<String, String> env, Path home) {
    List<Path> paths = new ArrayList<>();
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isEmpty()) {
      paths.add(Path.of(runtime, "containers", "auth.json"));
    }
    String config = env.get("XDG_CONFIG_HOME");
    paths.add(
        config != null && !config.isEmpty()
            ? Path.of(config, "containers", "auth.json")
            : home.resolve(".config/containers/auth.json"));
    String dockerConfig = env.get("DOCKER_CONFIG");
    paths.add(
        dockerConfig != null && !dockerConfig.isEmpty()
            ? Path.of(dockerConfig, "config.json")
            : home.resolve(".docker/config.json"));
    return paths;
  }

  @Override
  public Optional<Credential> credentialFor(String registry, String repository) {
    for (AuthFile file : files) {
      Optional<Credential> c = file.lookup(registry, repository);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  /** The files consulted, in order. */
  public List<Path> paths() {
    return files.stream().map(AuthFile::path).toList();
  }
}
