package dev.stowage.engine.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.archive.Snapshot;
import dev.stowage.engine.fs.Posix;
import dev.stowage.engine.fs.Xattrs;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay driver with the kernel's overlayfs (root here): a step's upper directory becomes its
 * layer, moved into the store, with whiteouts and opaque markers in the store's form.
 */
class OverlayDriverTest {

  @TempDir Path tmp;
  private StoreSet stores;
  private DriverContext context;
  private String base;

  @BeforeEach
  void storeWithABaseLayer() throws Exception {
    stores = StoreSet.open(tmp.resolve("store"), List.of());
    context =
        new DriverContext(
            stores, Files.createDirectories(tmp.resolve("scratch")), Optional.empty());
    Path root = Files.createDirectories(tmp.resolve("base"));
    LayerCommitter committer = new LayerCommitter(stores, context.scratch(), Optional.empty());
    Snapshot before = committer.before(root);
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.createDirectories(root.resolve("data/old"));
    Files.writeString(root.resolve("data/old/file"), "old");
    Files.writeString(root.resolve("data/keep"), "keep");
    base = committer.commit(root, before, Optional.empty()).orElseThrow().id();
  }

  private OverlayDriver driver() {
    return new OverlayDriver(context, new KernelOverlay(false), false);
  }

  @Test
  void aStepsChangesBecomeALayerWhoseDiffIsTheUpperDirectory() throws Exception {
    try (WorkingContainer c = driver().newContainer(tmp.resolve("work"))) {
      StepRoot step = c.begin(Optional.of(base), StepKind.COPY);
      Files.writeString(step.dir().resolve("data/new"), "new");
      Files.delete(step.dir().resolve("data/keep"));
      dev.stowage.engine.fs.FileTrees.deleteContents(step.dir().resolve("data/old"));
      Files.delete(step.dir().resolve("data/old"));
      Files.createDirectories(step.dir().resolve("data/old"));

      LayerRecord layer = step.commit().orElseThrow();

      Path diff = stores.primary().diffDirectory(layer.id());
      assertThat(diff.resolve("data/new")).hasContent("new");
      assertThat(Posix.lstat(diff.resolve("data/keep")).isOverlayWhiteout()).isTrue();
      assertThat(Xattrs.get(diff.resolve("data/old"), "trusted.overlay.opaque"))
          .containsExactly('y');
      assertThat(layer.parent()).contains(base);
      assertThat(stagingEntries()).isEmpty();
    }
  }

  @Test
  void aStepThatChangesNothingMakesNoLayerAndLeavesNothingBehind() throws Exception {
    try (WorkingContainer c = driver().newContainer(tmp.resolve("work"))) {
      StepRoot step = c.begin(Optional.of(base), StepKind.COPY);

      assertThat(step.commit()).isEmpty();
      assertThat(stagingEntries()).isEmpty();
    }
  }

  @Test
  void aRunStepLosesTheFilesAndMountPointsItWasGiven() throws Exception {
    try (WorkingContainer c = driver().newContainer(tmp.resolve("work"))) {
      StepRoot step = c.begin(Optional.of(base), StepKind.RUN);
      assertThat(step.dir().resolve("etc/hosts")).exists();
      assertThat(step.isolationMounts()).containsExactlyInAnyOrder("dev", "proc", "sys");

      assertThat(step.commit()).isEmpty();
    }
  }

  @Test
  void aRunStepKeepsWhatItChangedNextToTheFilesItWasGiven() throws Exception {
    try (WorkingContainer c = driver().newContainer(tmp.resolve("work"))) {
      StepRoot step = c.begin(Optional.of(base), StepKind.RUN);
      Files.writeString(step.dir().resolve("etc/motd"), "hello");

      LayerRecord layer = step.commit().orElseThrow();

      Path diff = stores.primary().diffDirectory(layer.id());
      try (Stream<Path> all = Files.walk(diff)) {
        assertThat(all.map(p -> diff.relativize(p).toString()))
            .containsExactlyInAnyOrder("", "etc", "etc/motd");
      }
    }
  }

  @Test
  void aDiscardedStepLeavesNoStagingDirectoriesAndTheContainerGoesOn() throws Exception {
    try (WorkingContainer c = driver().newContainer(tmp.resolve("work"))) {
      StepRoot failed = c.begin(Optional.of(base), StepKind.RUN);
      Files.writeString(failed.dir().resolve("junk"), "x");
      failed.discard();
      assertThat(stagingEntries()).isEmpty();

      StepRoot next = c.begin(Optional.of(base), StepKind.COPY);
      assertThat(next.dir().resolve("junk")).doesNotExist();
      next.discard();
    }
  }

  @Test
  void aViewOfOneLayerShowsItsFilesAndNoMarkers() throws Exception {
    try (WorkingContainer c = driver().newContainer(tmp.resolve("work"))) {
      Path view = c.view(Optional.of(base));

      assertThat(view.resolve("data/keep")).hasContent("keep");
      assertThat(MountTable.mountsBelow(tmp.resolve("work"))).hasSize(1);
    }
    assertThat(MountTable.mountsBelow(tmp.resolve("work"))).isEmpty();
  }

  private List<Path> stagingEntries() throws Exception {
    Path staging = stores.primary().root().resolve("stowage-staging");
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(staging)) {
      return list.toList();
    }
  }
}
