package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pull, push, images, inspect, tag, rmi and import through the CLI, with the pod's arguments. */
class TransferCommandsTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private String store;

  @BeforeEach
  void importBase() throws Exception {
    store = tmp.resolve("store").toString();
    Cli.Run imported =
        Cli.run(
            "import",
            "--storage-root",
            store,
            Cli.busyboxRootfs(tmp.resolve("rootfs")).toString(),
            "localhost/bb:1");
    assertThat(imported.exit()).as(imported.err()).isZero();
  }

  @Test
  void pushWritesTheContractResultAndPullFindsItAgain() throws Exception {
    Path result = tmp.resolve("push.json");
    String target = registry.host() + "/cli/bb:1";

    Cli.Run push =
        Cli.run(
            "push",
            "--storage-root",
            store,
            "--tls-verify=false",
            "--compression",
            "zstd",
            "--tag",
            "2",
            "--result-file",
            result.toString(),
            "localhost/bb:1",
            "docker://" + target);

    assertThat(push.exit()).as(push.err()).isZero();
    assertThat(push.out())
        .contains("Copying blob sha256:", "Writing manifest to image destination");
    JsonNode json = JSON.readTree(result.toFile());
    String digest = json.get("digest").asText();
    assertThat(digest).startsWith("sha256:");
    assertThat(json.get("size").asLong()).isPositive();
    assertThat(json.get("references"))
        .extracting(JsonNode::asText)
        .containsExactly(target + "@" + digest, registry.host() + "/cli/bb:2@" + digest);

    Path pulled = tmp.resolve("pulled.json");
    Cli.Run pull =
        Cli.run(
            "pull",
            "--storage-root",
            tmp.resolve("fresh").toString(),
            "--tls-verify=false",
            "--result-file",
            pulled.toString(),
            registry.host() + "/cli/bb:2");
    assertThat(pull.exit()).as(pull.err()).isZero();
    assertThat(pull.out()).contains("Pulling " + registry.host() + "/cli/bb:2");
    assertThat(JSON.readTree(pulled.toFile()).get("images"))
        .extracting(JsonNode::asText)
        .containsExactly(registry.host() + "/cli/bb:2");
  }

  @Test
  void pushRefusesACompressionLevelTheCompressionLacks() {
    Cli.Run push =
        Cli.run(
            "push",
            "--storage-root",
            store,
            "--tls-verify=false",
            "--compression-level",
            "10",
            "localhost/bb:1",
            "docker://" + registry.host() + "/cli/level:1");

    assertThat(push.exit()).isEqualTo(2);
    assertThat(push.err()).contains("gzip compression level must be 0 to 9, not 10");
  }

  @Test
  void pushAtTheHighestGzipLevelIsPulledBackLikeAnyOther() {
    String target = registry.host() + "/cli/level:9";
    Cli.Run push =
        Cli.run(
            "push",
            "--storage-root",
            store,
            "--tls-verify=false",
            "--compression-level",
            "9",
            "localhost/bb:1",
            "docker://" + target);
    assertThat(push.exit()).as(push.err()).isZero();

    Cli.Run pull =
        Cli.run(
            "pull",
            "--storage-root",
            tmp.resolve("fresh9").toString(),
            "--tls-verify=false",
            target);
    assertThat(pull.exit()).as(pull.err()).isZero();
  }

  @Test
  void pullOfAContainerfileFetchesExactlyTheImagesItsTargetNeeds() throws Exception {
    for (String repo : new String[] {"base/one:1", "base/two:2", "base/unused:3"}) {
      Cli.Run push =
          Cli.run(
              "push",
              "--storage-root",
              store,
              "--tls-verify=false",
              "--quiet",
              "localhost/bb:1",
              "docker://" + registry.host() + "/" + repo);
      assertThat(push.exit()).as(push.err()).isZero();
    }
    Path context = Files.createDirectories(tmp.resolve("context"));
    Files.writeString(
        context.resolve("Containerfile"),
        """
        ARG REG
        ARG ONE=one
        FROM ${REG}/base/${ONE}:1 AS first
        FROM ${REG}/base/two:2 AS second
        COPY --from=first /bin/busybox /busybox
        FROM ${REG}/base/unused:3 AS third
        """);
    Path result = tmp.resolve("pull.json");

    Cli.Run pull =
        Cli.run(
            "pull",
            "--storage-root",
            tmp.resolve("fresh").toString(),
            "--file",
            context.resolve("Containerfile").toString(),
            "--build-arg",
            "REG=" + registry.host(),
            "--target",
            "second",
            "--tls-verify=false",
            "--cache-from",
            registry.host() + "/cache",
            "--result-file",
            result.toString(),
            context.toString());

    assertThat(pull.exit()).as(pull.err()).isZero();
    assertThat(JSON.readTree(result.toFile()).get("images"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            registry.host() + "/base/one:1", registry.host() + "/base/two:2");
    Cli.Run images =
        Cli.run("images", "--storage-root", tmp.resolve("fresh").toString(), "--format", "json");
    assertThat(images.out()).contains("base/one:1", "base/two:2").doesNotContain("unused");
  }

  @Test
  void pushToARegistryThatRefusesUsExitsThreeNamingRegistryAndRepository() throws Exception {
    try (LocalRegistry locked = LocalRegistry.withBasicAuth("user", "secret")) {
      locked.start();
      Path result = tmp.resolve("push.json");
      Cli.Run push =
          Cli.run(
              "push",
              "--storage-root",
              store,
              "--tls-verify=false",
              "--result-file",
              result.toString(),
              "localhost/bb:1",
              "docker://" + locked.host() + "/private/bb:1");

      assertThat(push.exit()).isEqualTo(3);
      assertThat(push.err())
          .startsWith("Error: ")
          .contains(locked.host(), "private/bb")
          .doesNotContain("\tat ");
      JsonNode failure = JSON.readTree(result.toFile());
      assertThat(failure.get("error").asInt()).isEqualTo(3);
      assertThat(failure.get("reason").asText()).isEqualTo("RegistryAuthFailed");
    }
  }

  @Test
  void unknownImagesAreUserErrors() throws Exception {
    Path result = tmp.resolve("r.json");
    Cli.Run push =
        Cli.run(
            "push",
            "--storage-root",
            store,
            "--result-file",
            result.toString(),
            "nope:1",
            "docker://" + registry.host() + "/x/y:1");
    Cli.Run pullNever =
        Cli.run("pull", "--storage-root", store, "--pull", "never", "example.com/missing:1");
    Cli.Run inspect = Cli.run("inspect", "--storage-root", store, "nope:1");

    assertThat(push.exit()).isEqualTo(2);
    assertThat(push.err()).contains("nope:1");
    assertThat(JSON.readTree(result.toFile()).get("reason").asText()).isEqualTo("PushFailed");
    assertThat(pullNever.exit()).isEqualTo(2);
    assertThat(pullNever.err()).contains("not found locally and --pull=never");
    assertThat(inspect.exit()).isEqualTo(2);
  }

  @Test
  void localCommandsListInspectTagAndRemove() throws Exception {
    Cli.Run tag = Cli.run("tag", "--storage-root", store, "localhost/bb:1", "localhost/bb:extra");
    Cli.Run images = Cli.run("images", "--storage-root", store);
    Cli.Run inspect = Cli.run("inspect", "--storage-root", store, "localhost/bb:extra");
    Cli.Run untag = Cli.run("rmi", "--storage-root", store, "localhost/bb:extra");
    Cli.Run other = Cli.run("--help");

    assertThat(tag.exit()).as(tag.err()).isZero();
    assertThat(images.out()).startsWith("REPOSITORY").contains("localhost/bb", "extra", "IMAGE ID");
    JsonNode json = JSON.readTree(inspect.out());
    assertThat(json.get("names")).extracting(JsonNode::asText).contains("localhost/bb:1");
    assertThat(json.get("config").get("config").get("Env").get(0).asText()).startsWith("PATH=");
    assertThat(json.get("layers")).hasSize(1);
    assertThat(untag.out()).contains("Untagged: localhost/bb:extra");
    assertThat(other.out()).contains("pull", "push", "images", "rmi", "inspect", "tag", "import");

    Cli.Run removed = Cli.run("rmi", "--storage-root", store, "localhost/bb:1");
    assertThat(removed.out()).contains("Deleted: ");
    assertThat(Cli.run("images", "--storage-root", store, "--format", "json").out().trim())
        .isEqualTo("[ ]");
  }

  @Test
  void imagesOfAnAdditionalStoreAreMarkedReadOnlyAndCannotBeRemoved() {
    String fresh = tmp.resolve("fresh").toString();
    Cli.Run images = Cli.run("images", "--storage-root", fresh, "--additional-store", store);
    Cli.Run rmi =
        Cli.run("rmi", "--storage-root", fresh, "--additional-store", store, "localhost/bb:1");

    assertThat(images.out()).contains("localhost/bb").contains("R/O");
    assertThat(rmi.exit()).isEqualTo(2);
    assertThat(rmi.err()).contains("read-only store");
  }

  @Test
  void launcherScriptIsValidBash() throws Exception {
    Path script = Path.of("src/main/sh/stowage");
    Process p =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(Files.readString(script))
        .contains("--enable-native-access=ALL-UNNAMED", "LANG=C.UTF-8", "temurin-25-jdk-amd64");
  }

  @Test
  void pullOfABrokenContainerfileIsAUserErrorPointingAtTheLine() throws Exception {
    Path context = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(context.resolve("Containerfile"), "FROM\n");
    Path result = tmp.resolve("r.json");

    Cli.Run pull =
        Cli.run(
            "pull",
            "--storage-root",
            store,
            "--result-file",
            result.toString(),
            context.toString());

    assertThat(pull.exit()).isEqualTo(2);
    assertThat(pull.err()).startsWith("Error: ").contains("Containerfile:1");
    assertThat(JSON.readTree(result.toFile()).get("reason").asText())
        .isEqualTo("InvalidContainerfile");
  }

  @Test
  void importOfSomethingThatIsNoTarballIsAUserError() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.tar"), "not a tar archive, just some text");

    Cli.Run imported = Cli.run("import", "--storage-root", store, junk.toString(), "x:1");

    assertThat(imported.exit()).isEqualTo(2);
    assertThat(imported.err()).startsWith("Error: importing " + junk);
  }
}
