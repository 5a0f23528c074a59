package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.build.BaseImageSource;
import dev.stowage.engine.build.BuildException;
import dev.stowage.engine.build.CliTestSupport;
import dev.stowage.engine.cli.args.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage build} end to end through the command line: exit codes, result file, publishing.
 */
class BuildCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path store;
  Path context;
  Path result;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final List<String> published = new ArrayList<>();
  final List<String> fetched = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    store = tmp.resolve("store");
    context = Files.createDirectories(tmp.resolve("ctx"));
    result = tmp.resolve("result.json");
    CliTestSupport.createBusyboxBase(store, tmp.resolve("base"));
  }

  private int run(Map<String, String> env, String... args) {
    BuildCommand.Services services =
        new BuildCommand.Services(
            CliTestSupport.chrootRunner(),
            (stores, settings) ->
                (BaseImageSource)
                    reference -> {
                      fetched.add(reference);
                      throw new BuildException(
                          BuildException.Kind.REGISTRY, null, "no registry in this test");
                    },
            (stores, settings) ->
                (image, destination) -> {
                  published.add(destination + " " + image.imageId());
                  return "published " + destination;
                });
    List<String> all = new ArrayList<>(List.of("--storage-root", store.toString()));
    all.addAll(List.of("--result-file", result.toString()));
    all.addAll(List.of(args));
    all.add(context.toString());
    return new CommandLine(new BuildCommand(services, new PrintStream(out, true), env))
        .execute(all.toArray(String[]::new));
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private JsonNode result() throws Exception {
    return JSON.readTree(Files.readString(result));
  }

  @Test
  void successfulBuildWritesTheResultLineAndPublishes() throws Exception {
    Files.writeString(
        context.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo hi > /hi\n");

    int code =
        run(
            "-t",
            "app",
            "--push",
            "--output",
            "oci:/tmp/out",
            "--pull=never",
            "--storage-driver",
            "native");

    assertThat(code).isZero();
    JsonNode r = result();
    assertThat(r.get("imageId").asText()).hasSize(64);
    assertThat(r.get("layers").asInt()).isEqualTo(2);
    assertThat(r.get("cacheMisses").asInt()).isEqualTo(1);
    assertThat(r.get("isolation").asText()).isEqualTo("chroot");
    assertThat(r.get("storageDriver").asText()).isEqualTo("native");
    assertThat(r.has("durationMs")).isTrue();
    assertThat(published)
        .containsExactly(
            "docker://app " + r.get("imageId").asText(),
            "oci:/tmp/out " + r.get("imageId").asText());
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("STEP 2/2: RUN echo hi > /hi").contains("published docker://app");
  }

  @Test
  void overlayBuildReportsDriverAndMountProgram() throws Exception {
    // root on this machine holds CAP_SYS_ADMIN: the kernel's overlayfs, no user namespace
    Files.writeString(
        context.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo hi > /hi\n");

    int code = run("-t", "app", "--pull=never", "--storage-driver", "overlay");

    assertThat(code).isZero();
    JsonNode r = result();
    assertThat(r.get("storageDriver").asText()).isEqualTo("overlay");
    assertThat(r.get("mountProgram").asText()).isEqualTo("kernel");
    assertThat(r.get("userNamespace").asBoolean()).isFalse();
    assertThat(r.has("storageNote")).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Storage driver: overlay (kernel)");
  }

  @Test
  void quietPrintsOnlyTheImageId() throws Exception {
    Files.writeString(
        context.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo hi > /hi\n");

    int code = run("-q", "-t", "app", "--pull=never");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(result().get("imageId").asText() + "\n");
  }

  @Test
  void unknownStorageDriverIsAUserError() throws Exception {
    Files.writeString(context.resolve("Containerfile"), "FROM localhost/busybox\n");

    int code = run("-t", "app", "--pull=never", "--storage-driver", "zfs");

    assertThat(code).isEqualTo(2);
    assertThat(result().get("message").asText()).contains("--storage-driver must be");
  }

  @Test
  void secondBuildReportsCacheHits() throws Exception {
    Files.writeString(
        context.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo hi > /hi\n");
    run("-t", "app");

    assertThat(run("-t", "app", "--layers")).isZero();
    assertThat(result().get("cacheHits").asInt()).isEqualTo(1);
    assertThat(run("-t", "app", "--no-cache")).isZero();
    assertThat(result().get("cacheHits").asInt()).isZero();
    assertThat(run("-t", "app", "--layers=false")).isZero();
    assertThat(result().get("cacheHits").asInt()).isZero();
  }

  @Test
  void aBuildServedFromTheCacheMountsNothingAndReportsTheExpectedDriver() throws Exception {
    Files.writeString(
        context.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo hi > /hi\n");
    run("-t", "app", "--storage-driver", "overlay");
    out.reset();

    assertThat(run("-t", "app", "--storage-driver", "overlay")).isZero();

    assertThat(result().get("cacheMisses").asInt()).isZero();
    assertThat(result().get("storageDriver").asText()).isEqualTo("overlay");
    assertThat(result().get("mountProgram").asText()).isEqualTo("kernel");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Storage driver:");
  }

  @Test
  void failingRunExitsTwoWithTheLine() throws Exception {
    Files.writeString(context.resolve("Containerfile"), "FROM localhost/busybox\nRUN false\n");

    assertThat(run()).isEqualTo(2);
    assertThat(result().get("error").asInt()).isEqualTo(2);
    assertThat(result().get("message").asText())
        .isEqualTo("Containerfile:2: error building at STEP \"RUN false\": exit status 1");
  }

  @Test
  void unknownInstructionExitsTwoWithFileAndLine() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM localhost/busybox\n\nNOPE x\n");

    assertThat(run()).isEqualTo(2);
    assertThat(result().get("message").asText()).startsWith("Dockerfile:3");
  }

  @Test
  void badArgumentsExitTwo() throws Exception {
    Files.writeString(context.resolve("Containerfile"), "FROM localhost/busybox\n");

    assertThat(run("--format", "tar")).isEqualTo(2);
    assertThat(run("--pull", "sometimes")).isEqualTo(2);
    assertThat(run("--push")).isEqualTo(2);
  }

  @Test
  void layersThatTheManifestFormatCannotCarryAreRefusedBeforeAnythingIsBuilt() throws Exception {
    Files.writeString(context.resolve("Containerfile"), "FROM localhost/busybox\n");

    assertThat(run("-t", "app", "--format", "docker", "--compression", "zstd")).isEqualTo(2);
    assertThat(result().get("reason").asText()).isEqualTo("InvalidArguments");
    assertThat(result().get("message").asText()).contains("--format docker cannot carry zstd");
    assertThat(run("-t", "app", "--compression", "gzip", "--compression-level", "12")).isEqualTo(2);
    assertThat(result().get("message").asText()).contains("12");
    assertThat(out.toString()).doesNotContain("STEP");
  }

  @Test
  void missingBaseGoesToTheRegistryUnlessPullIsNever() throws Exception {
    Files.writeString(context.resolve("Containerfile"), "FROM example.org/missing:1\n");

    assertThat(run()).isEqualTo(3);
    assertThat(fetched).containsExactly("example.org/missing:1");
    assertThat(run("--pull=never")).isEqualTo(2);
    assertThat(fetched).hasSize(1);
  }

  @Test
  void sourceDateEpochMakesTheBuildReproducible() throws Exception {
    Files.writeString(
        context.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo hi > /hi\n");

    run(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "--no-cache", "-t", "a");
    String first = result().get("imageId").asText();
    run(Map.of(), "--no-cache", "--timestamp", "1700000000", "-t", "b");

    assertThat(result().get("imageId").asText()).isEqualTo(first);
  }

  @Test
  void buildTakesItsStoresFromTheEnvironmentWhenNoStoreOptionIsGiven() throws Exception {
    Path primary = tmp.resolve("from-env");
    Files.writeString(
        context.resolve("Containerfile"), "FROM localhost/busybox\nRUN echo hi > /hi\n");
    Map<String, String> env =
        Map.of(
            "STOWAGE_STORAGE_ROOT", primary.toString(),
            "STOWAGE_ADDITIONAL_STORES", store.toString());
    BuildCommand.Services services =
        new BuildCommand.Services(
            CliTestSupport.chrootRunner(),
            (stores, settings) -> BaseImageSource.NONE,
            (stores, settings) -> (image, destination) -> "unused");

    int code =
        new CommandLine(new BuildCommand(services, new PrintStream(out, true), env))
            .execute(
                "--pull=never",
                "-t",
                "app",
                "--result-file",
                result.toString(),
                context.toString());

    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    String id = result().get("imageId").asText();
    assertThat(primary.resolve("overlay-images").resolve(id)).isDirectory();
    assertThat(store.resolve("overlay-images").resolve(id)).doesNotExist();
  }

  @Test
  void mainKnowsBuildAndItsAlias() {
    CommandLine cli = new CommandLine(new Main());

    assertThat(cli.subcommands()).contains("build", "bud");
  }

  @Test
  void acceptsTheBuilderPodArgumentsWithTheBaseInAnAdditionalStore() throws Exception {
    Path primary = tmp.resolve("primary");
    Files.createDirectories(context.resolve("sub"));
    Files.writeString(
        context.resolve("sub/Containerfile"),
        "FROM localhost/busybox AS main\nARG A\nRUN echo \"[$A]\" > /a\n");
    int code =
        new CommandLine(
                new BuildCommand(
                    new BuildCommand.Services(
                        CliTestSupport.chrootRunner(),
                        (stores, settings) -> BaseImageSource.NONE,
                        (stores, settings) -> (image, destination) -> "unused"),
                    new PrintStream(out, true),
                    Map.of()))
            .execute(
                "--storage-root",
                primary.toString(),
                "--additional-store",
                store.toString(),
                "--file",
                "sub/Containerfile",
                "--build-arg",
                "A=",
                "--target",
                "main",
                "--pull=never",
                "--layers",
                "--tag",
                "registry.example/team/app:1",
                "--timestamp",
                "0",
                "--label",
                "k=v",
                "--annotation",
                "a=b",
                "--cache-from",
                "registry.example/cache",
                "--result-file",
                result.toString(),
                context.toString());

    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    String id = result().get("imageId").asText();
    Path root = CliTestSupport.materialise(primary, List.of(store), tmp.resolve("m"), id);
    assertThat(root.resolve("a")).hasContent("[]");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Successfully tagged registry.example/team/app:1");
  }
}
