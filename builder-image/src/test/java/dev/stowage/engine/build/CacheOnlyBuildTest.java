package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.driver.DriverInfo;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.testing.TreeChecksum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build from the layer cache alone: served when no step needs a root, else nothing changes. */
class CacheOnlyBuildTest {

  private static final DriverInfo REPORTED =
      new DriverInfo("overlay", "kernel overlayfs", false, "served from the cache");

  @TempDir Path tmp;
  private BuildFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new BuildFixture(tmp);
    f.createBase();
    f.file("a.txt", "a");
    f.containerfile(
        """
        FROM localhost/busybox
        COPY a.txt /app/
        RUN cat /app/a.txt > /app/copy
        ENV MODE=test
        """);
  }

  private Optional<CacheOnlyBuild.Served> attempt(BuildRequest request) throws Exception {
    return CacheOnlyBuild.attempt(StoreSet.open(f.store, List.of()), request, REPORTED);
  }

  @Test
  void aRebuildWhoseStepsAreAllCachedIsServedWithTheSameImageAndItsOutput() throws Exception {
    BuildResult first = f.build();

    CacheOnlyBuild.Served served = attempt(f.request().tag("test").build()).orElseThrow();

    assertThat(served.result().imageId()).isEqualTo(first.imageId());
    assertThat(served.result().cacheHits()).isEqualTo(3);
    assertThat(served.result().cacheMisses()).isZero();
    assertThat(served.result().driver()).isEqualTo(REPORTED);
    assertThat(served.output())
        .contains("STEP 3/4: RUN cat /app/a.txt > /app/copy\n--> Using cache");
  }

  @Test
  void copiesFromAStageAndFromAnImageAreServedByTheirLayersWithoutMountingEither()
      throws Exception {
    f.containerfile(
        """
        FROM localhost/busybox AS tools
        COPY a.txt /tools/
        FROM localhost/busybox
        COPY --from=tools /tools/a.txt /from-stage
        COPY --from=localhost/busybox /bin/busybox /from-image
        """);
    BuildResult first = f.build();

    CacheOnlyBuild.Served served = attempt(f.request().tag("test").build()).orElseThrow();

    assertThat(served.result().imageId()).isEqualTo(first.imageId());
    assertThat(served.result().cacheMisses()).isZero();
  }

  @Test
  void aStepThatNeedsARootStopsTheAttemptWithTheStoreUnchanged() throws Exception {
    f.build();
    f.file("a.txt", "changed");
    List<Digest> before = contents();

    assertThat(attempt(f.request().tag("test").build())).isEmpty();

    assertThat(contents()).isEqualTo(before);
  }

  /** Images, layers and cache entries (the work area's parent directory changes on every build). */
  private List<Digest> contents() throws Exception {
    List<Digest> out = new ArrayList<>();
    for (String dir : List.of("overlay-images", "overlay-layers", "overlay", "stowage-cache")) {
      out.add(TreeChecksum.of(f.store.resolve(dir)));
    }
    return out;
  }

  @Test
  void aMissingBaseIsNotPulled() throws Exception {
    f.containerfile("FROM localhost/elsewhere\nENV A=1\n");

    assertThat(attempt(BuildRequest.builder(f.context).pull(PullPolicy.MISSING).build())).isEmpty();
  }

  @Test
  void noCacheAndPullAlwaysAreNotAttempted() throws Exception {
    f.build();

    assertThat(attempt(f.request().useCache(false).build())).isEmpty();
    assertThat(attempt(f.request().pull(PullPolicy.ALWAYS).build())).isEmpty();
  }

  @Test
  void configOnlyStepsNeedNoRootAndAreBuiltInFull() throws Exception {
    f.containerfile("FROM localhost/busybox\nENV A=1\nLABEL b=2\n");

    CacheOnlyBuild.Served served = attempt(f.request().tag("config").build()).orElseThrow();

    assertThat(served.result().cacheMisses()).isEqualTo(2);
    assertThat(StoreSet.open(f.store, List.of()).findImage("localhost/config:latest")).isPresent();
  }
}
