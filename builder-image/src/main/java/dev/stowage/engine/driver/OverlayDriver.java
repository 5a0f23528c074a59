package dev.stowage.engine.driver;

import dev.stowage.engine.fs.FileTrees;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.TarSplitIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The driver that mounts: each step gets an overlay of its lower layers' diff directories (read in
 * place, in whichever store they are, additional stores included) with a fresh upper directory in
 * the primary store's staging area; once the step is done and unmounted, that upper directory is
 * the new layer's diff, moved into place — committing costs what the step changed, not the image.
 */
public final class OverlayDriver implements StorageDriver {

  private final DriverContext context;
  private final MountProgram program;
  private final DriverInfo info;

  OverlayDriver(DriverContext context, MountProgram program, boolean userNamespace) {
    this.context = context;
    this.program = program;
    this.info = new DriverInfo("overlay", program.name(), userNamespace, "");
  }

  @Override
  public DriverInfo info() {
    return info;
  }

  @Override
  public WorkingContainer newContainer(Path workDir) throws IOException {
    return new Container(Files.createDirectories(workDir));
  }

  /**
   * The lower directories of {@code topLayer}, top-most first; an empty one for none. A layer whose
   * tar-split names opaque directories the mount program cannot see as such (a rootful podman's
   * {@code trusted.*} marks, invisible in a user namespace) is followed by a fix-up directory
   * holding just those directories, marked as the program reads: right below the layer, it hides
   * what lies below without hiding the layer's own content.
   */
  private List<Path> lowers(Optional<String> topLayer, Path empty) throws IOException {
    List<ResolvedLayer> chain = topLayer.map(t -> context.stores().layerChain(t)).orElse(List.of());
    List<Path> lowers = new ArrayList<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      lowers.add(chain.get(i).diffDirectory());
      Optional<Path> fixup = opaqueFixup(chain.get(i));
      if (fixup.isPresent() && i > 0) {
        lowers.add(fixup.get());
      }
    }
    if (lowers.isEmpty()) {
      lowers.add(Files.createDirectories(empty));
    }
    return lowers;
  }

  private final Map<String, Optional<Path>> fixups = new HashMap<>();

  private Optional<Path> opaqueFixup(ResolvedLayer layer) throws IOException {
    Optional<Path> known = fixups.get(layer.id());
    if (known != null) {
      return known;
    }
    List<String> unseen = new ArrayList<>();
    for (String dir : TarSplitIndex.opaqueDirectories(layer)) {
      Path inLayer = layer.diffDirectory().resolve(dir);
      if (!dir.isEmpty() && Files.isDirectory(inLayer) && !program.seesOpaque(inLayer)) {
        unseen.add(dir);
      }
    }
    Optional<Path> fixup = Optional.empty();
    if (!unseen.isEmpty()) {
      Path root = Files.createDirectories(context.scratch().resolve("opaque-" + layer.id()));
      for (String dir : unseen) {
        program.markOpaque(Files.createDirectories(root.resolve(dir)));
      }
      fixup = Optional.of(root);
    }
    fixups.put(layer.id(), fixup);
    return fixup;
  }

  private final class Container implements WorkingContainer {
    private final Path dir;
    private final Map<String, View> views = new HashMap<>();
    private Step current;

    Container(Path dir) {
      this.dir = dir;
    }

    @Override
    public StepRoot begin(Optional<String> topLayer, StepKind kind) throws IOException {
      if (current != null) {
        throw new IllegalStateException("a step is still mounted at " + current.merged);
      }
      Path merged = Files.createDirectories(dir.resolve("merged"));
      Path upper = context.stores().primary().newStagingDirectory();
      Path work = context.stores().primary().newStagingDirectory();
      List<Path> lowers = lowers(topLayer, dir.resolve("empty"));
      MountProgram.Mounted mount;
      try {
        mount = program.mount(lowers, upper, work, merged);
      } catch (IOException | RuntimeException e) {
        FileTrees.deleteContents(upper);
        Files.deleteIfExists(upper);
        FileTrees.deleteContents(work);
        Files.deleteIfExists(work);
        throw new IOException(
            "cannot mount the overlay for this step (" + program.name() + "): " + e.getMessage(),
            e);
      }
      current = new Step(merged, upper, work, lowers, mount, topLayer);
      if (kind == StepKind.RUN) {
        current.provision = RunProvision.provide(merged, upper);
      }
      return current;
    }

    @Override
    public Path view(Optional<String> topLayer) throws IOException {
      String key = topLayer.orElse("");
      View view = views.get(key);
      if (view == null) {
        Path target = Files.createDirectories(dir.resolve("view-" + views.size()));
        // mounted even for one layer: a diff directory holds whiteouts and markers, a view not;
        // a mount without upper directory needs two lower ones
        List<Path> lowers = new ArrayList<>(lowers(topLayer, dir.resolve("empty")));
        if (lowers.size() == 1) {
          lowers.add(Files.createDirectories(dir.resolve("empty-bottom")));
        }
        view = new View(target, program.mount(lowers, null, null, target));
        views.put(key, view);
      }
      return view.root();
    }

    @Override
    public void close() throws IOException {
      IOException failure = null;
      if (current != null) {
        current.discard();
      }
      for (View v : views.values()) {
        try {
          v.mount().unmount();
        } catch (IOException e) {
          failure = e;
        }
      }
      views.clear();
      if (failure != null) {
        throw failure;
      }
    }

    private record View(Path root, MountProgram.Mounted mount) {}

    private final class Step implements StepRoot {
      private final Path merged;
      private final Path upper;
      private final Path work;
      private final List<Path> lowers;
      private final MountProgram.Mounted mount;
      private final Optional<String> parent;
      private RunProvision provision;
      private boolean mounted = true;

      Step(
          Path merged,
          Path upper,
          Path work,
          List<Path> lowers,
          MountProgram.Mounted mount,
          Optional<String> parent) {
        this.merged = merged;
        this.upper = upper;
        this.work = work;
        this.lowers = lowers;
        this.mount = mount;
        this.parent = parent;
      }

      @Override
      public Path dir() {
        return merged;
      }

      @Override
      public Set<String> isolationMounts() {
        return provision == null ? Set.of() : provision.mountPoints();
      }

      @Override
      public Optional<LayerRecord> commit() throws IOException {
        unmount();
        try {
          if (provision != null) {
            provision.cleanUp();
          }
          return DiffCommit.commit(context, upper, lowers, parent);
        } finally {
          current = null;
          FileTrees.delete(work);
          if (Files.exists(upper)) {
            FileTrees.delete(upper); // moved into the store unless the step changed nothing
          }
        }
      }

      @Override
      public void discard() {
        try {
          unmount();
        } catch (IOException e) {
          // the build's work area is unmounted and deleted at the end in any case
        } finally {
          current = null;
          try {
            FileTrees.delete(work);
            FileTrees.delete(upper);
          } catch (IOException e) {
            // left in the store's staging area, which the store clears
          }
        }
      }

      private void unmount() throws IOException {
        if (mounted) {
          mounted = false;
          mount.unmount();
        }
      }
    }
  }
}
