package dev.stowage.engine.build;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.plan.Base;
import dev.stowage.engine.containerfile.plan.BuildPlan;
import dev.stowage.engine.context.ContextFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state one build shares between its stages: plan, context, stores, cache, runner, output, the
 * step counter, the cache figures, and the finished stages' results.
 */
final class BuildSession {

  /** The PATH RUN steps get when the image sets none, as buildah does. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Resolves the bases COPY --from names. */
  interface RootResolver {
    /** The root file system of {@code base}, mounted if need be. */
    Path rootOf(Base base, Location where) throws BuildException, IOException;

    /** The top layer of the image {@code image} names, found (or pulled) but not mounted. */
    Optional<String> topLayerOf(Base.Image image, Location where) throws BuildException;
  }

  private final BuildPlan plan;
  private final ContextFiles context;
  private final BuildCache cache;
  private final StepRunner runner;
  private final PrintStream out;
  private final Path scratch;
  private final boolean useCache;
  private final Optional<Long> timestamp;
  private final int totalSteps;
  private final RootResolver roots;
  private final Map<Integer, StageBuilder> finished = new HashMap<>();
  private final UrlDownloader downloads;
  private int step;
  private int hits;
  private int misses;
  private int scratchCounter;

  BuildSession(
      BuildPlan plan,
      ContextFiles context,
      BuildCache cache,
      StepRunner runner,
      PrintStream out,
      Path scratch,
      boolean useCache,
      Optional<Long> timestamp,
      int totalSteps,
      RootResolver roots) {
    this.plan = plan;
    this.context = context;
    this.cache = cache;
    this.runner = runner;
    this.out = out;
    this.scratch = scratch;
    this.useCache = useCache;
    this.timestamp = timestamp;
    this.totalSteps = totalSteps;
    this.roots = roots;
    this.downloads = new UrlDownloader(scratch);
  }

  UrlDownloader downloads() {
    return downloads;
  }

  BuildPlan plan() {
    return plan;
  }

  ContextFiles context() {
    return context;
  }

  BuildCache cache() {
    return cache;
  }

  StepRunner runner() {
    return runner;
  }

  PrintStream out() {
    return out;
  }

  boolean useCache() {
    return useCache;
  }

  /** The {@code STEP n/m: } prefix of the next step. */
  String nextStep() {
    return "STEP " + (++step) + "/" + totalSteps + ": ";
  }

  void hit() {
    hits++;
  }

  void miss() {
    misses++;
  }

  int hits() {
    return hits;
  }

  int misses() {
    return misses;
  }

  /** The created time of new history entries and of the image. */
  Instant now() {
    return timestamp.map(Instant::ofEpochSecond).orElseGet(Instant::now);
  }

  Path scratchFile(String name) throws IOException {
    Path dir = Files.createDirectories(scratch.resolve("inline-" + (++scratchCounter)));
    return dir.resolve(name.replace('/', '_'));
  }

  void finished(int stageIndex, StageBuilder stage) {
    finished.put(stageIndex, stage);
  }

  Optional<StageBuilder> finishedStage(int stageIndex) {
    return Optional.ofNullable(finished.get(stageIndex));
  }

  Path rootOf(Base base, Location where) throws BuildException, IOException {
    return roots.rootOf(base, where);
  }

  Optional<String> topLayerOf(Base.Image image, Location where) throws BuildException {
    return roots.topLayerOf(image, where);
  }
}
