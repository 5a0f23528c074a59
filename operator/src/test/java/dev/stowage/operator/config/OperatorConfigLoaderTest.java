package dev.stowage.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.operator.api.BuildStorage.StorageMode;
import dev.stowage.operator.config.OperatorConfig.FuseProvider;
import dev.stowage.operator.config.OperatorConfig.SecurityMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigLoaderTest {

  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static OperatorConfig load(Path file, Map<String, String> env) {
    return new OperatorConfigLoader(env).load(Optional.of(file));
  }

  @Test
  void missingKeysKeepTheStandardValues() throws Exception {
    OperatorConfig config =
        load(write("securityMode: userns\nfuse:\n  provider: none\n"), Map.of());
    OperatorConfig standard = OperatorConfig.standard();
    assertThat(config.securityMode()).isEqualTo(SecurityMode.userns);
    assertThat(config.fuse().provider()).isEqualTo(FuseProvider.none);
    assertThat(config.fuse().resourceName()).isEqualTo(standard.fuse().resourceName());
    assertThat(config.builderImage()).isEqualTo(standard.builderImage());
    assertThat(config.storage()).isEqualTo(standard.storage());
    assertThat(config.defaults()).isEqualTo(standard.defaults());
  }

  @Test
  void emptyFileIsTheStandardConfig() throws Exception {
    assertThat(load(write(""), Map.of())).isEqualTo(OperatorConfig.standard());
  }

  @Test
  void nestedKeysAreRead() throws Exception {
    OperatorConfig config =
        load(
            write(
                """
                builderImage: registry.local/stowage@sha256:%s
                storage:
                  allowedModes: [Ephemeral, Host]
                  allowedHostPaths: [/var/lib/containers, /srv/stores]
                  projectAccessMode: ReadWriteMany
                defaults:
                  timeout: 2h
                  storageSize: 50Gi
                  storageClassName: fast
                  infrastructureRetries: 5
                """
                    .formatted("a".repeat(64))),
            Map.of());
    assertThat(config.builderImage()).startsWith("registry.local/stowage@sha256:");
    assertThat(config.storage().allowedModes())
        .containsExactlyInAnyOrder(StorageMode.Ephemeral, StorageMode.Host);
    assertThat(config.storage().allowedHostPaths())
        .containsExactly("/var/lib/containers", "/srv/stores");
    assertThat(config.storage().projectAccessMode()).isEqualTo("ReadWriteMany");
    assertThat(config.defaults().timeout()).isEqualTo("2h");
    assertThat(config.defaults().storageSize()).isEqualTo("50Gi");
    assertThat(config.defaults().storageClassName()).isEqualTo("fast");
    assertThat(config.defaults().infrastructureRetries()).isEqualTo(5);
    assertThat(config.defaults().buildMemoryLimit())
        .isEqualTo(OperatorConfig.standard().defaults().buildMemoryLimit());
  }

  @Test
  void environmentOverridesTheFile() throws Exception {
    OperatorConfig config =
        load(
            write("securityMode: baseline\n"),
            Map.of(
                "STOWAGE_BUILDER_IMAGE", "registry.local/builder:2",
                "STOWAGE_SECURITY_MODE", "userns",
                "STOWAGE_FUSE_PROVIDER", "crioAnnotation",
                "STOWAGE_FUSE_RESOURCE", "smarter-devices/fuse",
                "STOWAGE_ALLOWED_STORAGE_MODES", "Ephemeral, Host",
                "STOWAGE_ALLOWED_HOST_PATHS", "/var/lib/containers,/var/lib/shared"));
    assertThat(config.builderImage()).isEqualTo("registry.local/builder:2");
    assertThat(config.securityMode()).isEqualTo(SecurityMode.userns);
    assertThat(config.fuse().provider()).isEqualTo(FuseProvider.crioAnnotation);
    assertThat(config.fuse().resourceName()).isEqualTo("smarter-devices/fuse");
    assertThat(config.storage().allowedModes())
        .isEqualTo(Set.of(StorageMode.Ephemeral, StorageMode.Host));
    assertThat(config.storage().allowedHostPaths())
        .isEqualTo(List.of("/var/lib/containers", "/var/lib/shared"));
  }

  @Test
  void theExampleConfigLoadsAsTheStandardConfig() {
    Path example = Path.of(System.getProperty("stowage.repoRoot"), "examples/operator-config.yaml");
    assertThat(load(example, Map.of())).isEqualTo(OperatorConfig.standard());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          colour: blue                                  | colour
          fuse:\\n  device: /dev/fuse                   | fuse.device
          storage:\\n  allowedModes: [Ephemeral, Cloud] | storage.allowedModes
          storage:\\n  allowedModes: Ephemeral          | storage.allowedModes
          storage:\\n  allowedModes: []                 | storage.allowedModes
          storage:\\n  allowedHostPaths: [relative/dir] | storage.allowedHostPaths
          storage:\\n  allowedHostPaths: [/]            | storage.allowedHostPaths
          storage:\\n  projectAccessMode: Shared        | storage.projectAccessMode
          securityMode: privileged                      | securityMode
          fuse: devicePlugin                            | fuse
          fuse:\\n  provider: hostPath                  | fuse.provider
          fuse:\\n  resourceName: ''                    | fuse.resourceName
          defaults:\\n  timeout: forever                | defaults.timeout
          defaults:\\n  timeout: 0s                     | defaults.timeout
          defaults:\\n  infrastructureRetries: many     | defaults.infrastructureRetries
          defaults:\\n  infrastructureRetries: 11       | defaults.infrastructureRetries
          defaults:\\n  storageSize: lots               | defaults.storageSize
          defaults:\\n  buildCpuLimit: four             | defaults.buildCpuLimit
          builderImage: 'not an image'                  | builderImage
          builderImagePullPolicy: Sometimes             | builderImagePullPolicy
          """)
  void badKeysAndValuesNameTheKey(String yaml, String key) throws Exception {
    Path file = write(yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
        .hasMessageStartingWith(key + ": ");
  }

  @Test
  void usernsNeedsASeccompProfile() throws Exception {
    Path file = write("securityMode: userns\nfuse:\n  seccompProfile: null\n");
    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fuse.seccompProfile: ");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "STOWAGE_SECURITY_MODE, root",
    "STOWAGE_FUSE_PROVIDER, hostPath",
    "STOWAGE_ALLOWED_STORAGE_MODES, 'Ephemeral,Everything'",
    "STOWAGE_ALLOWED_HOST_PATHS, 'var/lib'",
    "STOWAGE_BUILDER_IMAGE, 'a b'"
  })
  void badEnvironmentValuesNameTheVariable(String variable, String value) throws Exception {
    Path file = write("");
    assertThatThrownBy(() -> load(file, Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(variable));
  }

  @Test
  void badYamlNamesTheLine() throws Exception {
    Path file = write("securityMode: baseline\nfuse: [unclosed\n");
    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void missingExplicitFileIsAnError() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void withoutFileTheStandardConfigAndEnvironmentApply() {
    // /etc/stowage/config.yaml does not exist on build machines.
    assertThat(Files.exists(OperatorConfigLoader.DEFAULT_FILE)).isFalse();
    OperatorConfig config =
        new OperatorConfigLoader(Map.of("STOWAGE_FUSE_PROVIDER", "none")).load(Optional.empty());
    assertThat(config.fuse().provider()).isEqualTo(FuseProvider.none);
    assertThat(config.builderImage()).isEqualTo(OperatorConfig.standard().builderImage());
  }
}
