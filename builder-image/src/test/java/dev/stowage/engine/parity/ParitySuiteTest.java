package dev.stowage.engine.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.storage.Store;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ScratchDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parity suite of the build engine: for every context under {@code parity/}, {@code stowage
 * build --layers} gives the image {@code buildah bud --layers} gives — the same final filesystem
 * (types, modes, owners, content, links, xattrs), the same number of layers each doing the same
 * thing, the same config fields and history steps — apart from the reviewed differences listed in
 * {@code parity/known-differences/<context>.txt}, which must then appear exactly. Needs root,
 * buildah, skopeo and, for the apt-install context, the Debian mirror.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParitySuiteTest {

  private ScratchDirectory scratch;
  private StowageBuilder stowage;

  @BeforeAll
  void storeWithBaseImages() throws Exception {
    scratch = ScratchDirectory.create("parity-stowage");
    Path root = scratch.resolve("store");
    BaseImages.debian().importInto(Store.open(root));
    BaseImages.busybox().importInto(Store.open(root));
    stowage = new StowageBuilder(root);
  }

  @AfterAll
  void cleanUp() throws Exception {
    scratch.close();
  }

  static List<String> contexts() {
    return ParityContexts.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contexts")
  void stowageBuildsWhatBuildahBuilds(String context) throws Exception {
    ImageListing theirs = ReferenceBuilds.of(context).listing();
    ImageListing ours =
        stowage.build(BuildRequest.of(ParityContexts.context(context), tag(context))).listing();

    if (Files.exists(ParityContexts.context(context).resolve("Containerfile.buildah"))) {
      // buildah built the spelled-out equivalent: RUN texts differ, steps and effects must not
      theirs = theirs.withHistoryKeywordsOnly();
      ours = ours.withHistoryKeywordsOnly();
    }
    ParityDiff diff = ParityDiff.between("stowage", ours, "buildah", theirs);
    assertThat(diff.lines())
        .as(diff.explain())
        .containsExactlyInAnyOrderElementsOf(ParityContexts.knownDifferences(context));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contexts")
  void rebuildingReusesEveryLayer(String context) throws Exception {
    BuildRequest request = BuildRequest.of(ParityContexts.context(context), tag(context));
    ImageListing first = stowage.build(request).listing();
    ImageListing second = stowage.build(request.withTag(tag(context) + "-again")).listing();

    assertThat(stowage.lastResult().path("cacheMisses").asInt(-1))
        .as("cache misses of an unchanged rebuild: %s", stowage.lastResult())
        .isZero();
    ParityDiff diff = ParityDiff.between("first", first, "rebuild", second);
    assertThat(diff.isEmpty()).as(diff.explain()).isTrue();
  }

  private static String tag(String context) {
    return "localhost/parity-stowage/" + context + ":latest";
  }
}
