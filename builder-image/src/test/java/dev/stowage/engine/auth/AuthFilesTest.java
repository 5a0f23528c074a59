package dev.stowage.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFilesTest {

  @TempDir Path tmp;

  private Path write(String relative, String user) throws IOException {
    Path p = tmp.resolve(relative);
    Files.createDirectories(p.getParent());
    String auth =
        Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
    Files.writeString(p, "{\"auths\":{\"localhost:5000\":{\"auth\":\"" + auth + "\"}}}");
    return p;
  }

  private static String user(AuthFiles files) {
    return files
        .credentialFor("localhost:5000", "x")
        .map(c -> ((Credential.Basic) c).username())
        .orElse(null);
  }

  @Test
  void searchesRuntimeThenConfigThenDockerLikePodman() throws IOException {
    Path home = tmp.resolve("home");
    write("run/containers/auth.json", "runtime");
    write("home/.config/containers/auth.json", "config");
    write("home/.docker/config.json", "docker");
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString());

    assertThat(user(AuthFiles.discover(null, env, home))).isEqualTo("runtime");
    assertThat(user(AuthFiles.discover(null, Map.of(), home))).isEqualTo("config");
    Files.delete(home.resolve(".config/containers/auth.json"));
    assertThat(user(AuthFiles.discover(null, Map.of(), home))).isEqualTo("docker");
    assertThat(
            AuthFiles.discover(null, Map.of(), tmp.resolve("empty"))
                .credentialFor("localhost:5000", "x"))
        .isEmpty();
  }

  @Test
  void explicitAuthFileThenRegistryAuthFileOverrideTheDefaults() throws IOException {
    Path home = tmp.resolve("home");
    write("home/.docker/config.json", "docker");
    Path fromEnv = write("env.json", "env");
    Path explicit = write("explicit.json", "explicit");
    Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", fromEnv.toString());

    assertThat(user(AuthFiles.discover(explicit, env, home))).isEqualTo("explicit");
    assertThat(user(AuthFiles.discover(null, env, home))).isEqualTo("env");
  }

  @Test
  void aMissingExplicitFileIsAnErrorButMissingDefaultsAreNot() {
    assertThatThrownBy(() -> AuthFiles.discover(tmp.resolve("nope.json"), Map.of(), tmp))
        .isInstanceOf(AuthConfigException.class)
        .hasMessageContaining("nope.json");
    assertThat(AuthFiles.discover(null, Map.of(), tmp).paths()).isEmpty();
  }

  @Test
  void honoursDockerConfigAndXdgConfigHome() {
    Map<String, String> env =
        Map.of(
            "DOCKER_CONFIG",
            "/etc/dc",
            "XDG_CONFIG_HOME",
            "/cfg",
            "XDG_RUNTIME_DIR",
            "/run/user/1");

    assertThat(AuthFiles.defaultLocations(env, Path.of("/home/u")))
        .containsExactly(
            Path.of("/run/user/1/containers/auth.json"),
            Path.of("/cfg/containers/auth.json"),
            Path.of("/etc/dc/config.json"));
  }
}
