package dev.stowage.engine.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.testing.ScratchDirectory;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Buildah building a context twice, in two stores, gives identical listings: the listing ignores
 * what differs between runs (mtimes, inodes, ids) and the contexts are reproducible — without both,
 * the parity suite's comparisons would mean nothing. Needs root, buildah and skopeo.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildahDeterminismTest {

  private ScratchDirectory scratch;
  private BuildahBuilder second;

  @BeforeAll
  void secondStore() throws Exception {
    scratch = ScratchDirectory.create("parity-determinism");
    second = new BuildahBuilder(ReferenceBuilds.loadedStore(scratch.path()));
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
  void buildingTwiceGivesTheSameListing(String context) throws Exception {
    ImageListing first = ReferenceBuilds.of(context).listing();
    ImageListing again =
        second.build(ReferenceBuilds.request(context, "localhost/again/" + context)).listing();

    ParityDiff diff = ParityDiff.between("first", first, "second", again);
    assertThat(diff.isEmpty()).as(diff.explain()).isTrue();
    assertThat(first.files()).hasSizeGreaterThan(10);
  }
}
