package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.testing.git.GitDaemon;
import dev.stowage.engine.testing.git.GitHttpServer;
import dev.stowage.engine.testing.git.SampleRepository;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage source} with the operator's arguments: exit codes and the result file. */
class SourceCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "s3cret-pw";

  @TempDir static Path served;

  static SampleRepository repo;
  static GitDaemon daemon;
  static GitHttpServer protectedHttp;

  @TempDir Path tmp;

  @BeforeAll
  static void serve() throws Exception {
    repo = SampleRepository.create(served);
    daemon = GitDaemon.serve(served);
    protectedHttp = GitHttpServer.withBasicAuth(served, Map.of("bob", PASSWORD));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
    protectedHttp.close();
  }

  private Path result() {
    return tmp.resolve("termination-log");
  }

  private Path workspace() {
    return tmp.resolve("workspace");
  }

  /** Runs {@code source ARGS --dest workspace --result-file F}, as the operator does. */
  private Cli.Run source(String... args) {
    List<String> all = new ArrayList<>(List.of("source"));
    all.addAll(List.of(args));
    if (!all.contains("--dest")) {
      all.addAll(List.of("--dest", workspace().toString()));
    }
    all.addAll(List.of("--result-file", result().toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  /** The result file: exactly one JSON line, under the 4 KiB of a termination message. */
  private JsonNode resultJson() throws Exception {
    byte[] bytes = Files.readAllBytes(result());
    assertThat(bytes.length).isLessThan(4096);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    assertThat(text.strip()).doesNotContain("\n");
    return JSON.readTree(text);
  }

  private void assertFailure(Cli.Run run, int exit, String messagePart) throws Exception {
    assertThat(run.exit()).as(run.err()).isEqualTo(exit);
    JsonNode json = resultJson();
    assertThat(json.get("error").asInt()).isEqualTo(exit);
    assertThat(json.get("message").asText()).contains(messagePart);
    assertThat(run.err()).startsWith("Error: ").contains(messagePart);
  }

  @Test
  void gitCloneReportsTheResolvedBranchAndCommit() throws Exception {
    Cli.Run run =
        source(
            "--git-url", daemon.url(SampleRepository.NAME), "--depth", "1", "--context-dir", "app");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = resultJson();
    assertThat(json.get("revision").asText()).isEqualTo("trunk");
    assertThat(json.get("commit").asText()).isEqualTo(repo.head());
    assertThat(run.out())
        .isEqualTo(
            "Cloning "
                + daemon.url(SampleRepository.NAME)
                + " (depth 1)\nChecked out "
                + repo.head()
                + " (trunk)\n");
    assertThat(workspace().resolve("app/Containerfile")).exists();
  }

  @Test
  void gitCloneWithRevisionAndCredentialsKeepsThemOutOfTheWorkspace() throws Exception {
    Path secret = Files.createDirectories(tmp.resolve("git"));
    Files.writeString(secret.resolve("username"), "bob");
    Files.writeString(secret.resolve("password"), PASSWORD);

    Cli.Run run =
        source(
            "--git-url",
            protectedHttp.url(SampleRepository.NAME),
            "--git-revision",
            "v1",
            "--depth",
            "0",
            "--git-credentials",
            secret.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(resultJson().get("commit").asText()).isEqualTo(repo.trunk(2));
    try (Stream<Path> files = Files.walk(workspace())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readAllBytes(file))
            .as(file.toString())
            .asString()
            .doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void unknownRevisionExitsTwoWithSourceFetchFailed() throws Exception {
    Cli.Run run =
        source(
            "--git-url",
            daemon.url(SampleRepository.NAME),
            "--git-revision",
            "nope",
            "--depth",
            "1");
    assertFailure(run, 2, "revision 'nope' not found");
    assertThat(resultJson().get("reason").asText()).isEqualTo("SourceFetchFailed");
  }

  @Test
  void wrongPasswordExitsThree() throws Exception {
    Path secret = Files.createDirectories(tmp.resolve("git"));
    Files.writeString(secret.resolve("username"), "bob");
    Files.writeString(secret.resolve("password"), "wrong");
    Cli.Run run =
        source(
            "--git-url",
            protectedHttp.url(SampleRepository.NAME),
            "--depth",
            "1",
            "--git-credentials",
            secret.toString());
    assertFailure(run, 3, "refused the clone Secret's credentials");
    assertThat(resultJson().get("reason").asText()).isEqualTo("SourceFetchFailed");
  }

  @Test
  void unreachableServerExitsThree() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Cli.Run run = source("--git-url", "https://127.0.0.1:" + port + "/x.git", "--depth", "1");
    assertFailure(run, 3, "cannot reach the git server");
  }

  @Test
  void badUrlExitsTwo() throws Exception {
    assertFailure(source("--git-url", "file:///etc", "--depth", "1"), 2, "is not supported");
  }

  @Test
  void sshUrlExitsTwoAsNotSupportedYet() throws Exception {
    assertFailure(
        source("--git-url", "ssh://git@127.0.0.1/x.git", "--depth", "1"),
        2,
        "SSH git URLs are not supported yet");
  }

  @Test
  void missingContextDirExitsTwoNamingIt() throws Exception {
    assertFailure(
        source(
            "--git-url", daemon.url(SampleRepository.NAME), "--depth", "1", "--context-dir", "web"),
        2,
        "context directory 'web' does not exist");
  }

  @Test
  void contextDirWithDotDotExitsTwo() throws Exception {
    assertFailure(
        source(
            "--git-url",
            daemon.url(SampleRepository.NAME),
            "--depth",
            "1",
            "--context-dir",
            "../x"),
        2,
        "'..'");
  }

  @Test
  void unwritableDestinationExitsFour() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Cli.Run run =
        source(
            "--git-url",
            daemon.url(SampleRepository.NAME),
            "--depth",
            "1",
            "--dest",
            file.resolve("workspace").toString());
    assertFailure(run, 4, "workspace");
    assertThat(resultJson().get("reason").asText()).isEqualTo("EnvironmentError");
  }

  @Test
  void negativeDepthExitsTwo() throws Exception {
    assertFailure(
        source("--git-url", daemon.url(SampleRepository.NAME), "--depth", "-1"), 2, "--depth");
  }

  @Test
  void configMapVolumeIsCopiedIntoTheWorkspace() throws Exception {
    Path volume = Files.createDirectories(tmp.resolve("configmap"));
    Path data = Files.createDirectories(volume.resolve("..2024_01_01_00_00_00.1"));
    Files.createSymbolicLink(volume.resolve("..data"), data.getFileName());
    Files.writeString(data.resolve("Containerfile"), "FROM scratch\n");
    Files.createSymbolicLink(volume.resolve("Containerfile"), Path.of("..data/Containerfile"));

    Cli.Run run = source("--config-map-dir", volume.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(resultJson().isEmpty()).isTrue();
    assertThat(workspace().resolve("Containerfile")).hasContent("FROM scratch\n");
    try (Stream<Path> entries = Files.list(workspace())) {
      assertThat(entries).hasSize(1);
    }
    assertThat(run.out()).contains("Copied 1 files from the ConfigMap");
  }

  @Test
  void configMapWithoutTheContextDirExitsTwo() throws Exception {
    Path volume = Files.createDirectories(tmp.resolve("configmap"));
    Files.writeString(volume.resolve("Containerfile"), "FROM scratch\n");
    assertFailure(
        source("--config-map-dir", volume.toString(), "--context-dir", "sub"),
        2,
        "context directory 'sub' does not exist in the ConfigMap");
  }

  @Test
  void inlineSourceIsWritten() throws Exception {
    Path inline =
        Files.writeString(
            tmp.resolve("source.json"),
            "{\"containerfile\":\"FROM scratch\\n\",\"containerfilePath\":\"Containerfile\","
                + "\"files\":{\"conf/app.conf\":\"x=1\\n\"}}");

    Cli.Run run = source("--inline-file", inline.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(workspace().resolve("conf/app.conf")).hasContent("x=1\n");
    assertThat(workspace().resolve("Containerfile")).hasContent("FROM scratch\n");
  }

  @Test
  void inlineSourceWithHostilePathExitsTwoAndWritesNothing() throws Exception {
    Path inline =
        Files.writeString(
            tmp.resolve("source.json"),
            "{\"containerfile\":\"FROM scratch\\n\",\"containerfilePath\":\"Containerfile\","
                + "\"files\":{\"../../etc/cron.d/x\":\"evil\"}}");

    assertFailure(source("--inline-file", inline.toString()), 2, "'..'");
    assertThat(workspace()).doesNotExist();
  }

  @Test
  void existingVolumeIsOnlyChecked() throws Exception {
    Files.createDirectories(workspace().resolve("ctx"));
    Cli.Run run = source("--existing", "--context-dir", "ctx");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(resultJson().isEmpty()).isTrue();
  }

  @Test
  void existingVolumeWithoutTheContextDirExitsTwo() throws Exception {
    Files.createDirectories(workspace());
    assertFailure(
        source("--existing", "--context-dir", "ctx"),
        2,
        "context directory 'ctx' does not exist in the volume");
  }

  @Test
  void unknownArgumentStillWritesTheResultFile() throws Exception {
    assertFailure(source("--existing", "--frobnicate"), 2, "Unknown option: '--frobnicate'");
  }

  @Test
  void twoSourcesAtOnceAreRefused() throws Exception {
    assertFailure(
        source("--existing", "--inline-file", "/x.json"), 2, "give exactly one of --git-url");
  }

  @Test
  void gitOptionsWithoutAGitUrlAreRefused() throws Exception {
    assertFailure(source("--existing", "--depth", "1"), 2, "only go with --git-url");
  }
}
