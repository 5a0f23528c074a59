package dev.stowage.engine.builderimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ContainersStore;
import dev.stowage.engine.testing.TarballImage;
import dev.stowage.engine.testing.TreeChecksum;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The article's four storage set-ups, run its way: the builder image in {@code podman run} with
 * {@code /dev/fuse}, every capability dropped but the build step's, podman's default seccomp
 * profile, and {@code build} and {@code push} as two separate containers that share the store (like
 * the article's {@code buildah bud} and {@code buildah push} commands). The registry is a real one
 * on loopback, so the containers use the host's network.
 *
 * <p>Also scenario 1 under the two security modes of the operator: {@code baseline}, whose
 * runtime-default seccomp profile (containerd's shape) forbids {@code unshare} — the engine falls
 * back to its {@code native} driver and says so — and {@code userns}, whose chart profile lets it
 * mount overlay.
 */
class StorageScenariosIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> HOST_NETWORK = List.of("--network", "host");

  /** A Containerfile that exercises the build step's capabilities (chown, setuid, chroot). */
  private static final String CONTAINERFILE =
      """
      FROM %s
      COPY --chown=1000:1000 app.txt /app/app.txt
      RUN cat /app/app.txt > /app/copied && chown 1000:1000 /app/copied \\
          && chmod 4755 /app/copied && id -u > /app/uid
      CMD ["cat", "/app/copied"]
      """;

  @TempDir static Path tmp;

  static LocalRegistry registry = LocalRegistry.anonymous();
  static BuilderContainer builder;
  static TarballImage base;
  static String baseRef;
  static Path context;
  static Path seccomp;

  @BeforeAll
  static void start() throws Exception {
    registry.start();
    builder = BuilderContainer.load(tmp.resolve("podman"));
    base = BaseImages.busybox();
    baseRef = registry.host() + "/base/busybox:latest";
    Path layout = base.writeOciLayout(tmp.resolve("base-layout"));
    builder.succeed(
        List.of(
            "skopeo",
            "--insecure-policy",
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":image",
            "docker://" + baseRef));
    context = Files.createDirectories(tmp.resolve("context"));
    Files.writeString(context.resolve("app.txt"), "built in a scenario\n");
    Files.writeString(context.resolve("Containerfile"), CONTAINERFILE.formatted(baseRef));
    seccomp = Files.createDirectories(tmp.resolve("seccomp"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (builder != null) {
      builder.close();
    }
    registry.close();
  }

  /** The result JSONs of one scenario's build and push containers. */
  record Outcome(JsonNode build, JsonNode push, String buildOutput) {}

  /**
   * {@code podman run … stowage build} then {@code podman run … stowage push}, each with {@code
   * volumes} (and {@code options}); the result files land in a directory of their own.
   */
  private static Outcome buildAndPush(
      String name, List<String> volumes, List<String> options, String tag) throws Exception {
    return buildAndPush(name, volumes, options, tag, HOST_NETWORK);
  }

  /**
   * As above, the build container on {@code buildNetwork} (the push always reaches the registry).
   */
  private static Outcome buildAndPush(
      String name,
      List<String> volumes,
      List<String> options,
      String tag,
      List<String> buildNetwork)
      throws Exception {
    Path results = Files.createDirectories(tmp.resolve("results-" + name));
    List<String> shared = new ArrayList<>(volumes);
    shared.addAll(List.of("-v", results + ":/results"));
    shared.addAll(options);
    List<String> common = new ArrayList<>(HOST_NETWORK);
    common.addAll(shared);
    String image = registry.host() + "/scenarios/" + tag;

    List<String> buildOptions = new ArrayList<>(buildNetwork);
    buildOptions.addAll(shared);
    buildOptions.addAll(List.of("-v", context + ":/workspace:ro"));
    String out =
        builder.succeed(
            buildOptions,
            "stowage",
            "build",
            "--tls-verify=false",
            "-t",
            image,
            "--result-file",
            "/results/build.json",
            "/workspace");
    builder.succeed(
        common,
        "stowage",
        "push",
        "--tls-verify=false",
        "--result-file",
        "/results/push.json",
        image,
        "docker://" + image);
    return new Outcome(
        JSON.readTree(results.resolve("build.json").toFile()),
        JSON.readTree(results.resolve("push.json").toFile()),
        out);
  }

  /** The digest the registry serves for {@code repository:tag}. */
  private static String registryDigest(String repositoryAndTag) throws Exception {
    int colon = repositoryAndTag.lastIndexOf(':');
    URI uri =
        URI.create(
            "http://"
                + registry.host()
                + "/v2/scenarios/"
                + repositoryAndTag.substring(0, colon)
                + "/manifests/"
                + repositoryAndTag.substring(colon + 1));
    HttpResponse<Void> response =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header(
                    "Accept",
                    "application/vnd.oci.image.manifest.v1+json,"
                        + "application/vnd.docker.distribution.manifest.v2+json")
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).as("HEAD %s", uri).isEqualTo(200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  private static void assertPushedAsRegistryHolds(Outcome outcome, String tag) throws Exception {
    assertThat(outcome.push().get("digest").asText()).isEqualTo(registryDigest(tag));
  }

  private static void assertOverlayDriver(Outcome outcome) {
    assertThat(outcome.build().get("storageDriver").asText())
        .as(outcome.buildOutput())
        .isEqualTo("overlay");
    assertThat(outcome.build().get("isolation").asText()).isEqualTo("chroot");
  }

  private static Path freshDirectory(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name));
  }

  @Test
  void scenario1AFreshStorePerBuildBuildsAndPushesWithOverlay() throws Exception {
    Path store = freshDirectory("containers1");

    Outcome outcome =
        buildAndPush("fresh", List.of("-v", store + ":/var/lib/containers"), List.of(), "one:1");

    assertOverlayDriver(outcome);
    assertThat(outcome.build().get("cacheMisses").asInt()).isEqualTo(3);
    assertPushedAsRegistryHolds(outcome, "one:1");
    assertThat(outcome.buildOutput()).contains("STEP 3/4: RUN");
  }

  @Test
  void scenario2TheHostsPodmanStoreMountedReadWriteThenPodmanListsAndRunsTheImage()
      throws Exception {
    try (ContainersStore host = ContainersStore.create(tmp.resolve("host-rw"))) {
      host.podman("pull", "--quiet", "--tls-verify=false", baseRef);
      host.unmountAll();

      Outcome outcome =
          buildAndPush(
              "host",
              List.of("-v", host.root() + ":/var/lib/containers/storage"),
              List.of(),
              "two:1");

      assertOverlayDriver(outcome);
      assertThat(outcome.buildOutput()).doesNotContain("Pulling"); // the base was in the store
      assertPushedAsRegistryHolds(outcome, "two:1");
      String image = registry.host() + "/scenarios/two:1";
      assertThat(host.podman("images", "--format", "{{.Repository}}:{{.Tag}}"))
          .contains(image)
          .contains(baseRef);
      assertThat(
              host.podman(
                  "run",
                  "--rm",
                  "--network",
                  "none",
                  image,
                  "sh",
                  "-c",
                  "cat /app/copied; stat -c '%u %A' /app/copied"))
          .isEqualTo("built in a scenario\n1000 -rwsr-xr-x\n");
    }
  }

  @Test
  void scenario3AProjectStoreReusedMakesTheSecondBuildFullyCached() throws Exception {
    Path project = freshDirectory("project3");
    List<String> volumes = List.of("-v", project + ":/var/lib/containers");

    Outcome first = buildAndPush("project-1", volumes, List.of(), "three:1");
    Outcome second = buildAndPush("project-2", volumes, List.of(), "three:2");

    assertThat(first.build().get("cacheMisses").asInt()).isEqualTo(3);
    assertThat(second.build().get("cacheMisses").asInt()).isZero();
    assertThat(second.build().get("cacheHits").asInt()).isEqualTo(3);
    assertThat(second.build().get("imageId")).isEqualTo(first.build().get("imageId"));
    // the rebuild is served from the cache before the engine would start itself again in a user
    // namespace: no second JVM, no namespace, no mount
    assertThat(first.build().get("userNamespace").asBoolean()).isTrue();
    assertThat(second.build().get("userNamespace").asBoolean()).as(second.buildOutput()).isFalse();
    assertThat(second.build().get("storageDriver").asText()).isEqualTo("overlay");
    assertThat(second.build().get("storageNote").asText()).contains("came from the cache");
    assertPushedAsRegistryHolds(second, "three:2");
    assertThat(second.push().get("digest")).isEqualTo(first.push().get("digest"));
  }

  @Test
  void scenario4TheHostStoreReadOnlyAsAdditionalStoreServesTheBaseInPlaceAndStaysUnchanged()
      throws Exception {
    try (ContainersStore host = ContainersStore.create(tmp.resolve("host-ro"))) {
      host.podman("pull", "--quiet", "--tls-verify=false", baseRef);
      host.unmountAll();
      var before = TreeChecksum.of(host.root());
      Path writable = freshDirectory("containers4");
      List<String> volumes =
          List.of(
              "-v", host.root() + ":/var/lib/shared:ro", "-v", writable + ":/var/lib/containers");

      // The build has no network at all: the base can only come from the read-only store.
      Outcome outcome =
          buildAndPush("shared", volumes, List.of(), "four:1", BuilderContainer.NO_NETWORK);

      assertOverlayDriver(outcome);
      assertPushedAsRegistryHolds(outcome, "four:1");
      assertThat(TreeChecksum.of(host.root())).as("the read-only store").isEqualTo(before);
      // no copy: the writable store holds only the layers this build made, not the base's
      JsonNode layers =
          JSON.readTree(writable.resolve("storage/overlay-layers/layers.json").toFile());
      assertThat(layers).hasSize(2);
      for (JsonNode layer : layers) {
        assertThat(layer.get("diff-digest").asText())
            .isNotIn(base.diffIds().stream().map(Object::toString).toList());
      }
    }
  }

  @Test
  void scenario1UnderBaselineSeccompThatForbidsUnshareFallsBackToNativeAndSaysSo()
      throws Exception {
    Path profile = seccomp.resolve("runtime-default.json");
    Files.writeString(profile, JSON.writeValueAsString(runtimeDefaultProfile()));
    Path store = freshDirectory("containers-baseline");

    Outcome outcome =
        buildAndPush(
            "baseline",
            List.of("-v", store + ":/var/lib/containers"),
            List.of("--security-opt", "seccomp=" + profile),
            "baseline:1");

    assertThat(outcome.build().get("storageDriver").asText()).isEqualTo("native");
    assertThat(outcome.build().get("isolation").asText()).isEqualTo("chroot");
    assertThat(outcome.build().path("storageNote").asText()).isNotBlank();
    assertThat(outcome.buildOutput()).contains("Storage driver: native");
    assertPushedAsRegistryHolds(outcome, "baseline:1");
  }

  @Test
  void scenario1UnderTheChartsUsernsSeccompProfileMountsOverlay() throws Exception {
    Path store = freshDirectory("containers-userns");

    Outcome outcome =
        buildAndPush(
            "userns",
            List.of("-v", store + ":/var/lib/containers"),
            List.of("--security-opt", "seccomp=" + chartProfile()),
            "userns:1");

    assertOverlayDriver(outcome);
    assertPushedAsRegistryHolds(outcome, "userns:1");
  }

  private static Path chartProfile() {
    return BaseImages.repositoryRoot().resolve("helm/stowage/files/stowage-userns.json");
  }

  /**
   * The runtime default's shape (containerd, Docker): the chart's userns profile without the rules
   * Stowage adds, so {@code unshare}, {@code setns} and {@code mount} are not allowed.
   */
  private static ObjectNode runtimeDefaultProfile() throws IOException {
    ObjectNode profile = (ObjectNode) JSON.readTree(chartProfile().toFile());
    Set<String> added = Set.of("unshare", "setns", "mount", "umount2");
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode rule : profile.get("syscalls")) {
      boolean stowageRule = false;
      for (JsonNode name : rule.get("names")) {
        stowageRule |= added.contains(name.asText());
      }
      if (!stowageRule) {
        kept.add(rule);
      }
    }
    assertThat(kept.size()).as("rules left").isLessThan(profile.get("syscalls").size());
    profile.set("syscalls", kept);
    return profile;
  }
}
