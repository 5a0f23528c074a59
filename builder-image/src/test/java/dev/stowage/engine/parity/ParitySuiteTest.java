package dev.stowage.engine.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.storage.Store;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ScratchDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parity suite of the build engine: for every context under {@code parity/}, {@code stowage
 * build --layers} gives the image {@code buildah bud --layers} gives — the same final filesystem
 * (types, modes, owners, content, links, xattrs), the same number of layers each doing the same
 * thing, the same config fields and history steps — apart from the reviewed differences listed in
 * {@code parity/known-differences/<driver>/<context>.txt}, which must then appear exactly. Each
 * context is built four ways, each into a store of its own so none reuses another's layers: with
 * the {@code native} driver, with {@code overlay} (the kernel's overlayfs here, as root), and the
 * builder pod's way (a child JVM with only the build step's capabilities and no_new_privs, which
 * enters a user namespace of its own) mounting the kernel's overlayfs ({@code pod}) and
 * fuse-overlayfs ({@code pod-fuse}). Needs root, buildah, skopeo, fuse-overlayfs, /dev/fuse and,
 * for the apt-install context, the Debian mirror.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParitySuiteTest {

  private static final List<String> DRIVERS =
      List.of("native", "overlay", StowageBuilder.POD, StowageBuilder.POD_FUSE);

  private ScratchDirectory scratch;
  private final Map<String, StowageBuilder> stowage = new HashMap<>();

  @BeforeAll
  void storesWithBaseImages() throws Exception {
    scratch = ScratchDirectory.create("parity-stowage");
    for (String driver : DRIVERS) {
      Path root = scratch.resolve("store-" + driver);
      BaseImages.debian().importInto(Store.open(root));
      BaseImages.busybox().importInto(Store.open(root));
      stowage.put(driver, new StowageBuilder(root, driver));
    }
  }

  @AfterAll
  void cleanUp() throws Exception {
    scratch.close();
  }

  static Stream<Arguments> contexts() {
    return ParityContexts.names().stream()
        .flatMap(c -> DRIVERS.stream().map(d -> Arguments.of(c, d)));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("contexts")
  void stowageBuildsWhatBuildahBuilds(String context, String driver) throws Exception {
    ImageListing theirs = ReferenceBuilds.of(context).listing();
    ImageListing ours =
        stowage
            .get(driver)
            .build(BuildRequest.of(ParityContexts.context(context), tag(context)))
            .listing();

    if (Files.exists(ParityContexts.context(context).resolve("Containerfile.buildah"))) {
      // buildah built the spelled-out equivalent: RUN texts differ, steps and effects must not
      theirs = theirs.withHistoryKeywordsOnly();
      ours = ours.withHistoryKeywordsOnly();
    }
    ParityDiff diff = ParityDiff.between("stowage", ours, "buildah", theirs);
    assertThat(diff.lines())
        .as(diff.explain())
        .containsExactlyInAnyOrderElementsOf(ParityContexts.knownDifferences(context, driver));
    assertTheResultNamesTheDriver(stowage.get(driver).lastResult(), driver);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("contexts")
  void rebuildingReusesEveryLayer(String context, String driver) throws Exception {
    StowageBuilder builder = stowage.get(driver);
    BuildRequest request = BuildRequest.of(ParityContexts.context(context), tag(context));
    ImageListing first = builder.build(request).listing();
    assertTheResultNamesTheDriver(builder.lastResult(), driver);
    ImageListing second = builder.build(request.withTag(tag(context) + "-again")).listing();
    assertTheResultNamesTheDriver(builder.lastResult(), driver);

    assertThat(builder.lastResult().path("cacheMisses").asInt(-1))
        .as("cache misses of an unchanged rebuild: %s", builder.lastResult())
        .isZero();
    ParityDiff diff = ParityDiff.between("first", first, "rebuild", second);
    assertThat(diff.isEmpty()).as(diff.explain()).isTrue();
  }

  /**
   * The result file names the driver the build used. A pod build enters a user namespace exactly
   * when a step has to run: a rebuild that every step finds in the cache is served before the
   * re-exec and says so. Both test methods build each context into the same store, so whichever
   * runs first builds for real and the rebuild is always served from the cache: both branches are
   * exercised on every run.
   */
  private static void assertTheResultNamesTheDriver(JsonNode result, String driver) {
    if (!driver.startsWith(StowageBuilder.POD)) {
      assertThat(result.path("storageDriver").asText()).isEqualTo(driver);
      return;
    }
    assertThat(result.path("storageDriver").asText()).isEqualTo("overlay");
    assertThat(result.path("mountProgram").asText())
        .isEqualTo(driver.equals(StowageBuilder.POD) ? "kernel" : "fuse-overlayfs");
    boolean stepsRan = result.path("cacheMisses").asInt(-1) > 0;
    assertThat(result.path("userNamespace").asBoolean())
        .as("a pod build enters a user namespace when, and only when, a step runs: %s", result)
        .isEqualTo(stepsRan);
    if (!stepsRan) {
      assertThat(result.path("storageNote").asText()).contains("from the cache");
    }
  }

  private static String tag(String context) {
    return "localhost/parity-stowage/" + context + ":latest";
  }
}
