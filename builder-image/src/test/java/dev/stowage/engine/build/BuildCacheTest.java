package dev.stowage.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --layers cache across real builds. */
class BuildCacheTest {

  @TempDir Path tmp;
  BuildFixture f;

  static final String FILE =
      """
      FROM localhost/busybox
      ENV MODE=test
      COPY a.txt /app/
      RUN cat /app/a.txt > /app/copy
      COPY b.txt /app/
      RUN echo done > /app/done
      """;

  @BeforeEach
  void setUp() throws Exception {
    f = new BuildFixture(tmp);
    f.createBase();
    f.file("a.txt", "a");
    f.file("b.txt", "b");
    f.containerfile(FILE);
  }

  @Test
  void unchangedRebuildHitsEveryStep() throws Exception {
    BuildResult first = f.build();
    int runs = f.runner.requests.size();

    BuildResult second = f.build();

    assertThat(first.cacheMisses()).isEqualTo(5);
    assertThat(first.cacheHits()).isZero();
    assertThat(second.cacheHits()).isEqualTo(5);
    assertThat(second.cacheMisses()).isZero();
    assertThat(f.runner.requests).hasSize(runs);
    assertThat(second.imageId()).isEqualTo(first.imageId());
    assertThat(f.output()).contains("STEP 3/6: COPY a.txt /app/\n--> Using cache ");
  }

  @Test
  void changingOneSourceRebuildsFromThatCopyOn() throws Exception {
    f.build();
    f.file("b.txt", "b changed");

    BuildResult second = f.build();

    assertThat(second.cacheHits()).isEqualTo(3);
    assertThat(second.cacheMisses()).isEqualTo(2);
    assertThat(f.materialise(second.imageId()).resolve("app/b.txt")).hasContent("b changed");
  }

  @Test
  void touchingASourceWithoutChangingItStillHits() throws Exception {
    f.build();
    Files.setLastModifiedTime(
        f.context.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(1_000_000));

    assertThat(f.build().cacheHits()).isEqualTo(5);
  }

  @Test
  void laterStepsHitAgainWhenTheirParentIsIdentical() throws Exception {
    f.containerfile(FILE.replace("ENV MODE=test", "LABEL x=1"));
    f.build();
    // a changed RUN that changes nothing in the file system leaves the parent of later steps as it
    // was: they hit again
    f.containerfile(FILE.replace("ENV MODE=test", "LABEL x=1\nRUN true"));

    BuildResult second = f.build();

    assertThat(second.cacheMisses()).isEqualTo(1);
    assertThat(second.cacheHits()).isEqualTo(5);
    assertThat(f.config(second.imageId()).history())
        .extracting(dev.stowage.engine.image.HistoryEntry::createdBy)
        .hasSize(7)
        .contains("/bin/sh -c true");
  }

  static final String TWO_STAGES =
      """
      FROM localhost/busybox AS build
      COPY a.txt /out/a.txt
      RUN cat /out/a.txt > /out/made
      FROM localhost/busybox
      COPY --from=build /out/made /made
      """;

  @Test
  void copyFromAStageIsAlsoKeyedByTheStagesTopLayerSoARebuildNeedNotHashItsFiles()
      throws Exception {
    f.containerfile(TWO_STAGES);
    BuildResult first = f.build();
    long entries;
    try (var files = Files.list(f.store.resolve(BuildCache.DIRECTORY))) {
      entries = files.count();
    }

    BuildResult second = f.build();

    // one entry per step, and the COPY --from's second one under the stage's layer
    assertThat(entries).isEqualTo(first.cacheMisses() + 1);
    assertThat(second.cacheMisses()).isZero();
    assertThat(second.imageId()).isEqualTo(first.imageId());
  }

  @Test
  void copyFromAStageRebuiltWithNewLayersButTheSameFilesHitsByContent() throws Exception {
    f.containerfile(TWO_STAGES);
    f.build();
    // a different RUN makes a new layer with the same content: the copied file is unchanged
    f.containerfile(TWO_STAGES.replace("> /out/made", "> /out/made && true"));

    BuildResult second = f.build();

    assertThat(second.cacheMisses()).isEqualTo(1);
    assertThat(second.cacheHits()).isEqualTo(2);
    assertThat(f.output()).contains("STEP 5/5: COPY --from=build /out/made /made\n--> Using cache");
  }

  @Test
  void noCacheRebuildsEveryStep() throws Exception {
    f.build();

    BuildResult second = f.build(f.request().tag("test").useCache(false).build());

    assertThat(second.cacheHits()).isZero();
    assertThat(second.cacheMisses()).isEqualTo(5);
  }

  @Test
  void timestampMakesRebuildsWithoutCacheIdentical() throws Exception {
    BuildResult first =
        f.build(f.request().tag("a").useCache(false).timestamp(1_700_000_000L).build());
    BuildResult second =
        f.build(f.request().tag("b").useCache(false).timestamp(1_700_000_000L).build());

    assertThat(second.imageId()).isEqualTo(first.imageId());
    assertThat(f.config(first.imageId()).created())
        .isEqualTo(java.time.Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void additionalStoresCacheEntriesAreFound() throws Exception {
    BuildResult first = f.build();
    // the store we built in becomes a read-only additional store of a fresh one
    Path fresh = Files.createDirectories(tmp.resolve("fresh"));
    var stores = dev.stowage.engine.storage.StoreSet.open(fresh, List.of(f.store));
    var out = new java.io.ByteArrayOutputStream();
    BuildResult second =
        new BuildExecutor(stores, f.runner, BaseImageSource.NONE, new java.io.PrintStream(out))
            .build(f.request().tag("again").build());

    assertThat(second.cacheHits()).isEqualTo(5);
    assertThat(second.imageId()).isEqualTo(first.imageId());
    assertThat(fresh.resolve(BuildCache.DIRECTORY)).doesNotExist();
  }

  @Test
  void keysDependOnParentInstructionAndInputs() {
    var config =
        dev.stowage.engine.image.ImageConfig.scratch(dev.stowage.engine.image.Platform.LINUX_AMD64);
    ImageState a = new ImageState(java.util.Optional.of("aaa"), config);
    ImageState b = new ImageState(java.util.Optional.of("bbb"), config);

    assertThat(BuildCache.key(a, "RUN x", "")).isEqualTo(BuildCache.key(a, "RUN x", ""));
    assertThat(BuildCache.key(a, "RUN x", "")).isNotEqualTo(BuildCache.key(b, "RUN x", ""));
    assertThat(BuildCache.key(a, "RUN x", "")).isNotEqualTo(BuildCache.key(a, "RUN y", ""));
    assertThat(BuildCache.key(a, "COPY . /", "1")).isNotEqualTo(BuildCache.key(a, "COPY . /", "2"));
  }

  @Test
  void stateDigestIgnoresCreatedTimes() {
    var config =
        dev.stowage.engine.image.ImageConfig.scratch(dev.stowage.engine.image.Platform.LINUX_AMD64);
    var h1 = dev.stowage.engine.image.HistoryEntry.of(java.time.Instant.EPOCH, "x", true);
    var h2 = dev.stowage.engine.image.HistoryEntry.of(java.time.Instant.now(), "x", true);

    assertThat(
            new ImageState(java.util.Optional.empty(), config.withEmptyLayerStep(h1))
                .contentDigest())
        .isEqualTo(
            new ImageState(
                    java.util.Optional.empty(),
                    config.withEmptyLayerStep(h2).withCreated(java.time.Instant.now()))
                .contentDigest());
  }
}
