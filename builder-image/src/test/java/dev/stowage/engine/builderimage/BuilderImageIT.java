package dev.stowage.engine.builderimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ContainersStore;
import dev.stowage.engine.testing.TarballImage;
import dev.stowage.engine.testing.TreeChecksum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder image, run the way a builder pod runs it ({@link BuilderContainer}): its contents,
 * defaults and size, and a build inside it.
 */
class BuilderImageIT {

  /** What the archive (gzip layers) and the loaded image may weigh; raise them knowingly. */
  static final long ARCHIVE_BUDGET_BYTES = 80L * 1024 * 1024;

  static final long IMAGE_BUDGET_BYTES = 210_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  static BuilderContainer builder;
  static Path archive;
  static String image;
  static ContainersStore podman;

  @BeforeAll
  static void load() throws Exception {
    builder = BuilderContainer.load(tmp.resolve("podman"));
    archive = builder.archive();
    image = builder.image();
    podman = builder.podman();
  }

  @AfterAll
  static void unmount() throws Exception {
    if (builder != null) {
      builder.close();
    }
  }

  /** {@code podman run} as a builder pod's build step without network, plus {@code extra}. */
  private static List<String> runAsBuildStep(List<String> extra, String... command) {
    List<String> options = new ArrayList<>(BuilderContainer.NO_NETWORK);
    options.addAll(extra);
    return builder.command(options, command);
  }

  private static BuilderContainer.Result run(List<String> command) throws Exception {
    return builder.exec(command);
  }

  private static String succeed(List<String> command) throws Exception {
    return builder.succeed(command);
  }

  private static String inspect(String format) throws Exception {
    return podman.podman("image", "inspect", "--format", format, image).strip();
  }

  @Test
  void archiveIsAnOciArchiveThatSkopeoInspectsUnderTheOperatorsDefaultName() throws Exception {
    String expected = System.getProperty("stowage.builderImage.name");
    if (expected != null) {
      assertThat(image).isEqualTo(expected);
    }
    JsonNode inspected =
        JSON.readTree(
            succeed(List.of("skopeo", "--insecure-policy", "inspect", "oci-archive:" + archive)));
    assertThat(inspected.get("Architecture").asText()).isEqualTo("amd64");
    assertThat(inspected.get("Digest").asText())
        .isEqualTo(podman.podman("image", "inspect", "--format", "{{.Digest}}", image).strip());
  }

  @Test
  void stowageVersionRunsWithTheBuildStepsCapabilitiesOnly() throws Exception {
    assertThat(succeed(runAsBuildStep(List.of(), "stowage", "--version"))).contains("stowage ");
  }

  @Test
  void imageHasNoEntrypointAndSetsTheStoreDefaults() throws Exception {
    assertThat(inspect("{{json .Config.Entrypoint}}")).isIn("null", "[]");
    assertThat(inspect("{{json .Config.Cmd}}")).isEqualTo("[\"stowage\",\"--help\"]");
    assertThat(inspect("{{json .Config.Env}}"))
        .contains("STOWAGE_STORAGE_ROOT=/var/lib/containers/storage")
        .contains("STOWAGE_ADDITIONAL_STORES=/var/lib/shared")
        .contains("LANG=C.UTF-8");
    assertThat(succeed(runAsBuildStep(List.of(), "sh", "-c", "command -v stowage")))
        .isEqualTo("/usr/local/bin/stowage\n");
  }

  @Test
  void imageHoldsFuseOverlayfsAndUtilLinuxNamespaceToolsAndNoApt() throws Exception {
    String out =
        succeed(
            runAsBuildStep(
                List.of(),
                "sh",
                "-c",
                "fuse-overlayfs --version && unshare --version && nsenter --version"
                    + " && ! command -v apt-get && test ! -e /usr/share/man"
                    + " && test -s /etc/ssl/certs/ca-certificates.crt && echo checked"));
    assertThat(out)
        .contains("fuse-overlayfs")
        .contains("unshare from util-linux")
        .endsWith("checked\n");
  }

  @Test
  void sharedStorePresetIsAnEmptyStoreOfTwoLockFiles() throws Exception {
    String listing =
        succeed(
            runAsBuildStep(
                List.of(),
                "sh",
                "-c",
                "cd /var/lib/shared && find . -printf '%p %y %s\\n' | sort"));
    assertThat(listing.lines().filter(l -> !l.startsWith(". ")).toList())
        .containsExactly(
            "./overlay-images d 4096",
            "./overlay-images/images.lock f 0",
            "./overlay-layers d 4096",
            "./overlay-layers/layers.lock f 0");
    // the preset opens as an additional store (the image's default) next to a fresh store volume
    assertThat(
            succeed(runAsBuildStep(List.of("--tmpfs", "/var/lib/containers"), "stowage", "images")))
        .contains("REPOSITORY");
  }

  @Test
  void stowageBuildsWithRunInsideTheContainerIntoAFreshStoreVolume() throws Exception {
    Path volume = Files.createDirectories(tmp.resolve("volume"));
    Path context = Files.createDirectories(tmp.resolve("context"));
    Files.writeString(context.resolve("hello.txt"), "hello from the builder image\n");
    Files.writeString(
        context.resolve("Containerfile"),
        """
        FROM localhost/busybox
        COPY hello.txt /hello.txt
        RUN cat /hello.txt > /copied && id -u > /uid
        """);
    Path busybox = BaseImages.busybox().layers().getFirst();

    String result =
        succeed(
            runAsBuildStep(
                List.of(
                    "-v", volume + ":/var/lib/containers",
                    "-v", context + ":/workspace:ro",
                    "-v", busybox + ":/base/busybox.tar:ro"),
                "sh",
                "-c",
                "stowage import /base/busybox.tar localhost/busybox:latest >&2"
                    + " && stowage build --pull=never -t localhost/hello:1"
                    + " --result-file /tmp/result.json /workspace >&2 && cat /tmp/result.json"));

    JsonNode json = JSON.readTree(result.lines().reduce((a, b) -> b).orElseThrow());
    assertThat(json.get("layers").asInt()).isEqualTo(3);
    assertThat(json.get("isolation").asText()).isEqualTo("chroot");
    // the container wrote a podman-readable store at the image's default graph root
    try (ContainersStore written =
        ContainersStore.create(tmp.resolve("reader"), volume.resolve("storage"), List.of())) {
      assertThat(
              written.podman(
                  "run",
                  "--rm",
                  "--network",
                  "none",
                  "localhost/hello:1",
                  "cat",
                  "/copied",
                  "/uid"))
          .isEqualTo("hello from the builder image\n0\n");
    }
  }

  @Test
  void aPodmanStoreMountedReadOnlyOverTheSharedPresetServesTheBaseImage() throws Exception {
    TarballImage base = BaseImages.busybox();
    try (ContainersStore shared = ContainersStore.create(tmp.resolve("shared"))) {
      base.importInto(shared, tmp.resolve("scratch"));
      shared.unmountAll();
      var before = TreeChecksum.of(shared.root());
      Path context = Files.createDirectories(tmp.resolve("context-shared"));
      Files.writeString(
          context.resolve("Containerfile"), "FROM " + base.name() + "\nRUN echo ok > /ok\n");

      String out =
          succeed(
              runAsBuildStep(
                  List.of(
                      "-v",
                          Files.createDirectories(tmp.resolve("volume-shared"))
                              + ":/var/lib/containers",
                      "-v", shared.root() + ":/var/lib/shared:ro",
                      "-v", context + ":/workspace:ro"),
                  "sh",
                  "-c",
                  "stowage build --pull=never -t localhost/on-shared:1 /workspace"
                      + " && stowage images"));

      assertThat(out).contains("localhost/on-shared").contains("R/O");
      assertThat(TreeChecksum.of(shared.root())).isEqualTo(before);
    }
  }

  @Test
  void launcherAotCacheMapsWithTheRunnersJvmFlags() throws Exception {
    var field =
        Class.forName("dev.stowage.engine.isolation.LauncherCommand")
            .getDeclaredField("FAST_START");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<String> fastStart = (List<String>) field.get(null);
    List<String> java = new ArrayList<>(List.of("/opt/stowage/java/bin/java"));
    fastStart.stream().filter(o -> !o.equals("-Xshare:auto")).forEach(java::add);
    // AOTMode=on: a cache the JVM cannot use is a start-up error instead of a silent slow start
    java.addAll(
        List.of(
            "-XX:AOTCache=/opt/stowage/stowage-launcher.aot",
            "-XX:AOTMode=on",
            "-cp",
            "/opt/stowage/stowage.jar",
            "dev.stowage.engine.isolation.ChrootLauncher",
            "--spec",
            "/dev/null"));

    BuilderContainer.Result r = run(runAsBuildStep(List.of(), java.toArray(String[]::new)));

    assertThat(r.out()).doesNotContain("AOT cache").contains("cannot read the run spec");
  }

  @Test
  void imageStaysWithinItsSizeBudget() throws Exception {
    long size = Long.parseLong(inspect("{{.Size}}"));
    assertThat(Files.size(archive)).isLessThan(ARCHIVE_BUDGET_BYTES);
    assertThat(size).isLessThan(IMAGE_BUDGET_BYTES);
    Map<String, Long> sizes = Map.of("archive", Files.size(archive), "image", size);
    System.out.println("builder image sizes (bytes): " + sizes);
  }
}
