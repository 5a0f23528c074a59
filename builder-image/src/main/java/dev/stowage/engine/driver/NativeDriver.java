package dev.stowage.engine.driver;

import dev.stowage.engine.archive.Snapshot;
import dev.stowage.engine.storage.LayerRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The driver that needs no mount at all: each container's root is a plain directory holding its
 * lower layers applied in order; a step's changes are found by comparing metadata snapshots.
 */
public final class NativeDriver implements StorageDriver {

  private final DriverContext context;
  private final DriverInfo info;
  private final LayerCommitter committer;

  /** {@code note} says why no overlay was used (empty when native was asked for). */
  public NativeDriver(DriverContext context, boolean userNamespace, String note) {
    this.context = context;
    this.info = new DriverInfo("native", "", userNamespace, note);
    this.committer = new LayerCommitter(context.stores(), context.scratch(), context.timestamp());
  }

  @Override
  public DriverInfo info() {
    return info;
  }

  @Override
  public WorkingContainer newContainer(Path workDir) throws IOException {
    return new Container(
        new WorkingRootfs(workDir.resolve("rootfs"), workDir.resolve("tmp"), context.stores()));
  }

  private final class Container implements WorkingContainer {
    private final WorkingRootfs rootfs;

    Container(WorkingRootfs rootfs) {
      this.rootfs = rootfs;
    }

    @Override
    public StepRoot begin(Optional<String> topLayer, StepKind kind) throws IOException {
      Path dir = rootfs.syncTo(topLayer);
      if (kind == StepKind.RUN) {
        // provided before the snapshot: creating them touches /etc, which must not become a change
        RuntimeFiles.provide(dir);
      }
      Snapshot before = committer.before(dir);
      return new Step(dir, before, topLayer);
    }

    @Override
    public Path view(Optional<String> topLayer) throws IOException {
      return rootfs.syncTo(topLayer);
    }

    @Override
    public void close() {
      // the build deletes its work directory, and with it every materialised root
    }

    private final class Step implements StepRoot {
      private final Path dir;
      private final Snapshot before;
      private final Optional<String> parent;

      Step(Path dir, Snapshot before, Optional<String> parent) {
        this.dir = dir;
        this.before = before;
        this.parent = parent;
      }

      @Override
      public Path dir() {
        return dir;
      }

      @Override
      public Set<String> isolationMounts() {
        return Set.of();
      }

      @Override
      public Optional<LayerRecord> commit() throws IOException {
        Optional<LayerRecord> layer = committer.commit(dir, before, parent);
        layer.ifPresent(l -> rootfs.committed(l.id()));
        return layer;
      }

      @Override
      public void discard() {
        rootfs.invalidate();
      }
    }
  }
}
