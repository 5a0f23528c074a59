package dev.stowage.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderCommandTest {

  private static final Path REPO = Path.of(System.getProperty("stowage.repoRoot"));

  private static final String GOOD =
      """
      apiVersion: stowage.dev/v1alpha1
      kind: ImageBuild
      metadata:
        name: app
      spec:
        source:
          git:
            url: https://git.example.com/app.git
        output:
          image: registry.example.com/app:1
      """;

  @TempDir Path dir;

  private Path file(String yaml) throws Exception {
    Path path = dir.resolve("ib.yaml");
    Files.writeString(path, yaml);
    return path;
  }

  private static List<JsonNode> documents(String yaml) throws Exception {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      mapper.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  @Test
  void rendersThePodWithDefaultNamespaceAndPlaceholderUid() throws Exception {
    CliRunner.Result result = new CliRunner().run("render", "-f", file(GOOD).toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    List<JsonNode> docs = documents(result.out());
    assertThat(docs).hasSize(1);
    JsonNode pod = docs.getFirst();
    assertThat(pod.at("/kind").asText()).isEqualTo("Pod");
    assertThat(pod.at("/metadata/namespace").asText()).isEqualTo("default");
    assertThat(pod.at("/metadata/ownerReferences/0/uid").asText())
        .isEqualTo(RenderCommand.PLACEHOLDER_UID);
    assertThat(pod.at("/metadata/name").asText()).matches("app-[0-9a-f]{8}-1");
  }

  @Test
  void rendersTheProjectVolumeFirst() throws Exception {
    CliRunner.Result result =
        new CliRunner().run("render", "-f", REPO.resolve("examples/imagebuild.yaml").toString());
    assertThat(result.exitCode()).isZero();
    List<JsonNode> docs = documents(result.out());
    assertThat(docs)
        .extracting(d -> d.at("/kind").asText())
        .containsExactly("PersistentVolumeClaim", "Pod");
  }

  @Test
  void readsStandardInputForDash() throws Exception {
    CliRunner.Result result = new CliRunner(Map.of(), GOOD).run("render", "-f", "-");
    assertThat(result.exitCode()).isZero();
    assertThat(documents(result.out()).getFirst().at("/kind").asText()).isEqualTo("Pod");
  }

  @Test
  void attemptNumberNamesThePod() throws Exception {
    CliRunner.Result result =
        new CliRunner().run("render", "-f", file(GOOD).toString(), "--attempt", "3");
    JsonNode pod = documents(result.out()).getFirst();
    assertThat(pod.at("/metadata/name").asText()).endsWith("-3");
    assertThat(pod.at("/metadata/annotations/stowage.dev~1attempt").asText()).isEqualTo("3");
  }

  @Test
  void environmentShapesThePod() throws Exception {
    CliRunner.Result result =
        new CliRunner(
                Map.of(
                    "STOWAGE_SECURITY_MODE", "userns",
                    "STOWAGE_BUILDER_IMAGE", "registry.local/builder:test"),
                "")
            .run("render", "-f", file(GOOD).toString());
    JsonNode pod = documents(result.out()).getFirst();
    assertThat(pod.at("/spec/hostUsers").asBoolean(true)).isFalse();
    assertThat(pod.at("/spec/containers/0/image").asText())
        .isEqualTo("registry.local/builder:test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"imagebuild.yaml", "imagebuild-git.yaml", "imagebuild-shared-store.yaml"})
  void everyExampleRenders(String example) {
    CliRunner.Result result =
        new CliRunner().run("render", "-f", REPO.resolve("examples").resolve(example).toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void badYamlNamesTheLine() throws Exception {
    Path path = file("apiVersion: stowage.dev/v1alpha1\nkind: ImageBuild\nspec: [unclosed\n");
    CliRunner.Result result = new CliRunner().run("render", "-f", path.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains(path + ":").contains("not valid YAML");
  }

  @Test
  void wrongKindIsRefused() throws Exception {
    CliRunner.Result result =
        new CliRunner()
            .run("render", "-f", file(GOOD.replace("kind: ImageBuild", "kind: Pod")).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("kind: expected ImageBuild, found 'Pod'");
  }

  @Test
  void wrongApiVersionIsRefused() throws Exception {
    CliRunner.Result result =
        new CliRunner().run("render", "-f", file(GOOD.replace("v1alpha1", "v1")).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("apiVersion: expected stowage.dev/v1alpha1, found 'stowage.dev/v1'");
  }

  @Test
  void unknownFieldIsNamedWithItsLine() throws Exception {
    CliRunner.Result result =
        new CliRunner().run("render", "-f", file(GOOD.replace("    url:", "    uri:")).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("ib.yaml:8:").contains("spec.source.git.uri: unknown field");
  }

  @Test
  void badEnumValueIsNamed() throws Exception {
    String yaml = GOOD + "  storage:\n    mode: Cloud\n";
    CliRunner.Result result = new CliRunner().run("render", "-f", file(yaml).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("spec.storage.mode: 'Cloud' is not one of Ephemeral, Project, Host");
  }

  @Test
  void wrongTypeIsNamed() throws Exception {
    String yaml = GOOD + "  buildArgs: {name: x}\n";
    CliRunner.Result result = new CliRunner().run("render", "-f", file(yaml).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("spec.buildArgs: wrong type");
  }

  @Test
  void specViolationsAreListedByField() throws Exception {
    String yaml = GOOD.replace("registry.example.com/app:1", "Bad Image") + "  target: '-x'\n";
    CliRunner.Result result = new CliRunner().run("render", "-f", file(yaml).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("error: spec.target: '-x' must be a stage name")
        .contains("error: spec.output.image: 'Bad Image' must be an image reference");
  }

  @Test
  void policyViolationsSayItIsPolicy() throws Exception {
    String yaml = GOOD + "  storage:\n    mode: Host\n    hostPath: /var/lib/containers\n";
    CliRunner.Result result = new CliRunner().run("render", "-f", file(yaml).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("spec.storage.mode: storage mode Host is not allowed")
        .contains("(operator policy)");
  }

  @Test
  void badConfigNamesTheKey() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "fuse:\n  provider: hostPath\n");
    CliRunner.Result result =
        new CliRunner().run("render", "-f", file(GOOD).toString(), "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("operator config: fuse.provider: 'hostPath' is not one of");
  }

  @Test
  void badEnvironmentNamesTheVariable() throws Exception {
    CliRunner.Result result =
        new CliRunner(Map.of("STOWAGE_FUSE_PROVIDER", "hostPath"), "")
            .run("render", "-f", file(GOOD).toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("STOWAGE_FUSE_PROVIDER: 'hostPath'");
  }

  @Test
  void missingFileIsNamed() {
    CliRunner.Result result =
        new CliRunner().run("render", "-f", dir.resolve("nope.yaml").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nope.yaml: no such file");
  }

  @Test
  void emptyInputIsRefused() {
    CliRunner.Result result = new CliRunner(Map.of(), "").run("render", "-f", "-");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("stdin: is empty");
  }

  @Test
  void attemptMustBePositive() throws Exception {
    CliRunner.Result result =
        new CliRunner().run("render", "-f", file(GOOD).toString(), "--attempt", "0");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--attempt");
  }

  @Test
  void missingFileOptionIsAUsageError() {
    CliRunner.Result result = new CliRunner().run("render");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing required option");
  }

  @Test
  void mainListsTheRenderSubcommand() {
    CliRunner.Result result = new CliRunner().run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("render");
  }
}
