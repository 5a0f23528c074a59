package dev.stowage.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rendered builder pods compared with golden files. {@code UPDATE_GOLDEN=1} (environment or system
 * property) rewrites the golden files instead; review the diff before committing.
 */
class RenderGoldenTest {

  private static final Path RESOURCES =
      Path.of(System.getProperty("stowage.repoRoot"), "operator/src/test/resources");

  static boolean updating() {
    return "1".equals(System.getenv("UPDATE_GOLDEN"))
        || "1".equals(System.getProperty("UPDATE_GOLDEN"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "git-ephemeral,",
    "inline-project,",
    "configmap-userns, userns-crio",
    "volume-stores, no-fuse",
    "host-admin, host-allowed"
  })
  void renderedYamlMatchesTheGoldenFile(String name, String config) throws Exception {
    Path input = RESOURCES.resolve("imagebuilds/" + name + ".yaml");
    CliRunner.Result result =
        config == null
            ? new CliRunner().run("render", "-f", input.toString())
            : new CliRunner()
                .run(
                    "render",
                    "-f",
                    input.toString(),
                    "--config",
                    RESOURCES.resolve("configs/" + config + ".yaml").toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    Path golden = RESOURCES.resolve("golden/" + name + ".yaml");
    if (updating()) {
      Files.writeString(golden, result.out());
    }
    assertThat(golden).as("golden file; run with UPDATE_GOLDEN=1 to create it").exists();
    assertThat(result.out())
        .as(
            "rendered %s differs from %s; rerun with UPDATE_GOLDEN=1 and review the diff",
            input, golden)
        .isEqualTo(Files.readString(golden));
  }
}
