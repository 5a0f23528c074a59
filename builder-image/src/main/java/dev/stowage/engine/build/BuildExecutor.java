package dev.stowage.engine.build;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.ContainerfileLocator;
import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.instruction.Containerfile;
import dev.stowage.engine.containerfile.instruction.Instruction;
import dev.stowage.engine.containerfile.plan.Base;
import dev.stowage.engine.containerfile.plan.BuildOptions;
import dev.stowage.engine.containerfile.plan.BuildPlan;
import dev.stowage.engine.containerfile.plan.Stage;
import dev.stowage.engine.containerfile.plan.StageScope;
import dev.stowage.engine.context.ContextException;
import dev.stowage.engine.context.ContextFiles;
import dev.stowage.engine.driver.DriverContext;
import dev.stowage.engine.driver.DriverInfo;
import dev.stowage.engine.driver.LazyDriver;
import dev.stowage.engine.driver.NativeDriver;
import dev.stowage.engine.driver.StorageDriver;
import dev.stowage.engine.driver.WorkArea;
import dev.stowage.engine.driver.WorkingContainer;
import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageFormatException;
import dev.stowage.engine.image.Platform;
import dev.stowage.engine.storage.ImageStore;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StorageException;
import dev.stowage.engine.storage.StoreSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds an image from a Containerfile under {@code chroot} isolation with a storage driver:
 * resolves bases (stores, earlier stages, {@code scratch}), runs each needed stage's steps through
 * the cache, and writes the target stage as an image of the primary store.
 */
public final class BuildExecutor {

  /**
   * Picks the storage driver when a step first needs a root (probes may mount in {@code probeDir});
   * {@link #expected()} is what a build that needed none reports.
   */
  public interface DriverFactory {
    StorageDriver create(DriverContext context, Path probeDir) throws IOException;

    /** The driver the choice should give, found without mounting anything. */
    DriverInfo expected();

    /** Always {@code native}. */
    static DriverFactory nativeOnly() {
      return new DriverFactory() {
        @Override
        public StorageDriver create(DriverContext context, Path probeDir) {
          return new NativeDriver(context, false, "");
        }

        @Override
        public DriverInfo expected() {
          return new DriverInfo("native", "", false, "");
        }
      };
    }
  }

  private final StoreSet stores;
  private final StepRunner runner;
  private final BaseImageSource baseImages;
  private final PrintStream out;
  private final DriverFactory drivers;

  /** An executor with the {@code native} driver. */
  public BuildExecutor(
      StoreSet stores, StepRunner runner, BaseImageSource baseImages, PrintStream out) {
    this(stores, runner, baseImages, out, DriverFactory.nativeOnly());
  }

  public BuildExecutor(
      StoreSet stores,
      StepRunner runner,
      BaseImageSource baseImages,
      PrintStream out,
      DriverFactory drivers) {
    this.stores = stores;
    this.runner = runner;
    this.baseImages = baseImages;
    this.out = out;
    this.drivers = drivers;
  }

  /** Runs the build; on success the image is in the primary store under its names. */
  public BuildResult build(BuildRequest request) throws BuildException, InterruptedException {
    long start = System.nanoTime();
    Path context = request.context().toAbsolutePath().normalize();
    if (!Files.isDirectory(context)) {
      throw new BuildException(
          BuildException.Kind.USER, null, "the build context " + context + " is not a directory");
    }
    BuildPlan plan;
    ContextFiles files;
    try {
      Path file =
          ContainerfileLocator.locate(
              context, request.containerfile(), Path.of("").toAbsolutePath());
      Containerfile parsed =
          Containerfile.read(file, ContainerfileLocator.displayName(context, file));
      BuildOptions options = BuildOptions.defaults().withBuildArgs(request.buildArgs());
      if (request.target().isPresent()) {
        options = options.withTarget(request.target().get());
      }
      plan = BuildPlan.create(parsed, options);
      files = ContextFiles.open(context, Optional.of(file));
    } catch (ContainerfileException e) {
      throw new BuildException(BuildException.Kind.USER, null, e.getMessage(), e);
    } catch (ContextException e) {
      throw new BuildException(BuildException.Kind.USER, null, e.getMessage(), e);
    }
    plan.warnings().forEach(w -> out.println("WARN: " + w));

    Path work;
    try {
      work = WorkArea.create(stores.primary().root().resolve("stowage-build"), out);
    } catch (IOException e) {
      throw new BuildException(
          BuildException.Kind.ENVIRONMENT,
          null,
          "build work area in " + stores.primary().root() + ": " + e.getMessage(),
          e);
    }
    List<WorkingContainer> containers = new ArrayList<>();
    try {
      return run(request, plan, files, work, start, containers);
    } catch (dev.stowage.engine.driver.DriverSelection.UnavailableException e) {
      throw new BuildException(BuildException.Kind.ENVIRONMENT, null, e.getMessage(), e);
    } catch (IOException e) {
      throw new BuildException(
          BuildException.Kind.ENVIRONMENT,
          null,
          "build work area " + work + ": " + e.getMessage(),
          e);
    } catch (StorageException | ImageFormatException e) {
      throw new BuildException(BuildException.Kind.INTERNAL, null, e.getMessage(), e);
    } finally {
      for (WorkingContainer c : containers) {
        try {
          c.close();
        } catch (IOException e) {
          out.println("WARN: " + e.getMessage());
        }
      }
      try {
        WorkArea.remove(work);
      } catch (IOException e) {
        out.println("WARN: could not remove " + work + ": " + e.getMessage());
      }
    }
  }

  private BuildResult run(
      BuildRequest request,
      BuildPlan plan,
      ContextFiles files,
      Path work,
      long start,
      List<WorkingContainer> containers)
      throws BuildException, InterruptedException, IOException {
    List<Path> roots = new ArrayList<>();
    for (ImageStore s : stores.stores()) {
      roots.add(s.root());
    }
    BuildCache cache = new BuildCache(roots, stores);
    Path scratch = Files.createDirectories(work.resolve("scratch"));
    DriverContext driverContext = new DriverContext(stores, scratch, request.timestamp());
    StorageDriver driver =
        new LazyDriver(
            () -> drivers.create(driverContext, work.resolve("probe")),
            drivers.expected(),
            info -> out.println("Storage driver: " + info.describe()));
    int total = 0;
    for (Stage s : plan.stagesToBuild()) {
      total += 1 + s.instructions().size();
    }
    CopyFromImages images = new CopyFromImages();
    BuildSession[] holder = new BuildSession[1];
    BuildSession session =
        new BuildSession(
            plan,
            files,
            cache,
            runner,
            out,
            scratch,
            request.useCache(),
            request.timestamp(),
            total,
            new BuildSession.RootResolver() {
              @Override
              public Path rootOf(Base base, Location where) throws BuildException, IOException {
                return BuildExecutor.this.rootOf(
                    holder[0], base, where, images, work, request, driver, containers);
              }

              @Override
              public Optional<String> topLayerOf(Base.Image image, Location where)
                  throws BuildException {
                return copyFromImage(images, image.reference(), where, request).topLayer();
              }
            });
    holder[0] = session;

    StageBuilder last = null;
    for (Stage stage : plan.stagesToBuild()) {
      last = buildStage(session, plan, stage, work, request, driver, containers);
      session.finished(stage.index(), last);
    }
    ImageState fin = last.state();
    ImageConfig config = fin.config();
    if (!request.labels().isEmpty()) {
      TreeMap<String, String> labels =
          new TreeMap<>(config.config().labels() == null ? Map.of() : config.config().labels());
      labels.putAll(request.labels());
      config = config.withConfig(config.config().withLabels(labels));
    }
    // without --timestamp the image is as old as its last step, so a rebuild served entirely from
    // the cache yields the same image id
    List<dev.stowage.engine.image.HistoryEntry> history = config.history();
    Instant created =
        request.timestamp().isPresent() || history.isEmpty() || history.getLast().created() == null
            ? session.now()
            : history.getLast().created();
    config = config.withCreated(created);
    if (config.config().entrypoint() == null) {
      // buildah writes an unset ENTRYPOINT as an empty list
      config = config.withConfig(config.config().withEntrypoint(List.of()));
    }
    List<String> names = request.tags().stream().map(ImageNames::forTag).distinct().toList();
    out.println("COMMIT" + (names.isEmpty() ? "" : " " + names.getFirst()));
    ImageWriter.Written written =
        new ImageWriter(stores)
            .write(
                new ImageState(fin.topLayer(), config),
                request.format(),
                names,
                request.annotations(),
                created);
    String id = written.record().id();
    out.println("--> " + id.substring(0, 12));
    names.forEach(n -> out.println("Successfully tagged " + n));
    out.println(id);
    long ms = (System.nanoTime() - start) / 1_000_000;
    return new BuildResult(
        id,
        written.manifest().digest(),
        names,
        written.layers(),
        session.hits(),
        session.misses(),
        ms,
        driver.info());
  }

  private StageBuilder buildStage(
      BuildSession session,
      BuildPlan plan,
      Stage stage,
      Path work,
      BuildRequest request,
      StorageDriver driver,
      List<WorkingContainer> containers)
      throws BuildException, InterruptedException, IOException {
    out.println(session.nextStep() + stage.from().original());
    // instanceof, not a pattern switch: the first pattern switch of a JVM costs tens of
    // milliseconds to bootstrap, a visible share of a build served from the cache
    ImageState base;
    if (stage.base() instanceof Base.StageRef ref) {
      base =
          session
              .finishedStage(ref.index())
              .orElseThrow(() -> new IllegalStateException("stage " + ref.index() + " not built"))
              .state();
    } else if (stage.base() instanceof Base.Image image) {
      base = imageState(resolveImage(image.reference(), stage.from().location(), request));
    } else {
      base = new ImageState(Optional.empty(), ImageConfig.scratch(Platform.LINUX_AMD64));
    }
    List<String> triggers = base.config().config().onBuild();
    if (!triggers.isEmpty()) {
      base =
          new ImageState(
              base.topLayer(),
              base.config().withConfig(base.config().config().withOnBuild(List.of())));
    }
    StageScope scope = plan.newScope(stage, environment(base.config().config()));
    WorkingContainer container = driver.newContainer(work.resolve("stage-" + stage.index()));
    containers.add(container);
    StageBuilder builder = new StageBuilder(session, stage, scope, container, base);
    for (String trigger : triggers) {
      try {
        Containerfile parsed = Containerfile.parse("ONBUILD in " + stage.from().image(), trigger);
        for (Instruction i : parsed.instructions()) {
          out.println("ONBUILD " + i.original());
          builder.step(i, false);
        }
      } catch (ContainerfileException e) {
        throw new BuildException(
            BuildException.Kind.USER,
            stage.from().location(),
            "ONBUILD trigger: " + e.getMessage(),
            e);
      }
    }
    for (Instruction i : stage.instructions()) {
      builder.step(i, true);
    }
    return builder;
  }

  private Path rootOf(
      BuildSession session,
      Base base,
      Location where,
      CopyFromImages images,
      Path work,
      BuildRequest request,
      StorageDriver driver,
      List<WorkingContainer> containers)
      throws BuildException, IOException {
    return switch (base) {
      case Base.StageRef ref -> {
        StageBuilder s =
            session
                .finishedStage(ref.index())
                .orElseThrow(
                    () -> BuildException.user(where, "stage " + ref.index() + " is not built"));
        yield s.container().view(s.state().topLayer());
      }
      case Base.Image image -> {
        ImageState state = copyFromImage(images, image.reference(), where, request);
        String key = state.topLayer().orElse("-");
        WorkingContainer r = images.roots().get(key);
        if (r == null) {
          r = driver.newContainer(work.resolve("image-" + images.roots().size()));
          containers.add(r);
          images.roots().put(key, r);
        }
        yield r.view(state.topLayer());
      }
      case Base.Scratch s -> Files.createDirectories(work.resolve("empty"));
    };
  }

  /**
   * The images one build's {@code COPY --from} names: each resolved (with {@code --pull=always},
   * pulled) once, though both its cache key and its root ask for it, and mounted once.
   */
  private record CopyFromImages(
      Map<String, ImageState> states, Map<String, WorkingContainer> roots) {
    CopyFromImages() {
      this(new HashMap<>(), new HashMap<>());
    }
  }

  private ImageState copyFromImage(
      CopyFromImages images, String reference, Location where, BuildRequest request)
      throws BuildException {
    ImageState state = images.states().get(reference);
    if (state == null) {
      state = imageState(resolveImage(reference, where, request));
      images.states().put(reference, state);
    }
    return state;
  }

  private ResolvedImage resolveImage(String reference, Location where, BuildRequest request)
      throws BuildException {
    Optional<ResolvedImage> found = Optional.empty();
    if (request.pull() == PullPolicy.ALWAYS) {
      found = stores.findImage(baseImages.fetch(reference));
    }
    if (found.isEmpty()) {
      found = find(reference);
    }
    if (found.isEmpty() && request.pull() == PullPolicy.MISSING) {
      String local = baseImages.fetch(reference);
      found = stores.findImage(local).or(() -> find(reference));
    }
    return found.orElseThrow(
        () ->
            new BuildException(
                request.pull() == PullPolicy.NEVER
                    ? BuildException.Kind.USER
                    : BuildException.Kind.REGISTRY,
                where,
                "image "
                    + reference
                    + " is not in the local stores"
                    + (request.pull() == PullPolicy.NEVER
                        ? " and --pull=never forbids pulling"
                        : "")));
  }

  private Optional<ResolvedImage> find(String reference) {
    for (String candidate : ImageNames.lookupCandidates(reference)) {
      Optional<ResolvedImage> img = stores.findImage(candidate);
      if (img.isPresent()) {
        return img;
      }
    }
    return Optional.empty();
  }

  private ImageState imageState(ResolvedImage image) {
    ImageConfig config = ImageConfig.parse(stores.config(image));
    return new ImageState(image.image().topLayer(), config);
  }

  private static Map<String, String> environment(ContainerConfig config) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : config.env()) {
      int eq = e.indexOf('=');
      env.put(e.substring(0, eq), e.substring(eq + 1));
    }
    return env;
  }
}
