package dev.stowage.engine.build;

import dev.stowage.engine.driver.DriverContext;
import dev.stowage.engine.driver.DriverInfo;
import dev.stowage.engine.driver.StorageDriver;
import dev.stowage.engine.storage.StoreSet;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A build that may use no working container, no pull and no RUN, so it can run where nothing may be
 * mounted: a rebuild whose file-system steps all come from the layer cache. The engine tries it
 * before starting itself again in a user namespace (a second JVM and a user namespace for what is
 * then a lookup). At the first step that needs more, the attempt stops; its output is held back, so
 * that only the real build's shows, and all it may have written are the cache entries of
 * config-only steps, which the real build writes the same.
 */
public final class CacheOnlyBuild {

  /** A build served entirely from the cache, with the output it printed. */
  public record Served(BuildResult result, String output) {}

  /** Thrown inside the attempt at the first step the cache cannot serve. */
  private static final class NotCached extends RuntimeException {
    NotCached() {
      super(null, null, false, false);
    }
  }

  private CacheOnlyBuild() {}

  /**
   * Builds {@code request} from the cache alone.
   *
   * @param reported the driver the result reports (no driver is used)
   * @return the result, or empty when a step needs a root, a base image is missing, or the attempt
   *     failed in any way (the real build then reports what is wrong)
   */
  public static Optional<Served> attempt(StoreSet stores, BuildRequest request, DriverInfo reported)
      throws InterruptedException {
    if (!request.useCache() || request.pull() == PullPolicy.ALWAYS) {
      return Optional.empty();
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    BuildExecutor.DriverFactory noDriver =
        new BuildExecutor.DriverFactory() {
          @Override
          public StorageDriver create(DriverContext context, Path probeDir) {
            throw new NotCached();
          }

          @Override
          public DriverInfo expected() {
            return reported;
          }
        };
    BaseImageSource noPull =
        reference -> {
          throw new NotCached();
        };
    StepRunner noRun =
        (RunRequest run, OutputStream out) -> {
          throw new NotCached();
        };
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      BuildResult result = new BuildExecutor(stores, noRun, noPull, out, noDriver).build(request);
      return Optional.of(new Served(result, output.toString(StandardCharsets.UTF_8)));
    } catch (BuildException | RuntimeException e) {
      // NotCached, or a problem the real build meets again and reports properly
      return Optional.empty();
    }
  }
}
