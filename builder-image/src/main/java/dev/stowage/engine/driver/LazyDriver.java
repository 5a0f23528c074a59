package dev.stowage.engine.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A driver chosen when a step first needs a root, so that a build served entirely from the cache
 * probes no mount (and never starts fuse-overlayfs). Until then {@link #info()} is what the choice
 * is expected to give.
 */
public final class LazyDriver implements StorageDriver {

  /** Makes the real choice (it may probe mounts). */
  @FunctionalInterface
  public interface Choice {
    StorageDriver choose() throws IOException;
  }

  private final Choice choice;
  private final DriverInfo expected;
  private final Consumer<DriverInfo> onChosen;
  private StorageDriver chosen;

  public LazyDriver(Choice choice, DriverInfo expected, Consumer<DriverInfo> onChosen) {
    this.choice = choice;
    this.expected = expected;
    this.onChosen = onChosen;
  }

  /** The driver, once a step needed one. */
  public Optional<StorageDriver> chosen() {
    return Optional.ofNullable(chosen);
  }

  @Override
  public DriverInfo info() {
    return chosen != null ? chosen.info() : expected;
  }

  @Override
  public WorkingContainer newContainer(Path workDir) {
    return new Container(workDir);
  }

  private synchronized StorageDriver driver() throws IOException {
    if (chosen == null) {
      chosen = choice.choose();
      onChosen.accept(chosen.info());
    }
    return chosen;
  }

  /** A container made on the first step that needs it. */
  private final class Container implements WorkingContainer {
    private final Path workDir;
    private WorkingContainer real;

    Container(Path workDir) {
      this.workDir = workDir;
    }

    private WorkingContainer real() throws IOException {
      if (real == null) {
        real = driver().newContainer(Files.createDirectories(workDir));
      }
      return real;
    }

    @Override
    public StepRoot begin(Optional<String> topLayer, StepKind kind) throws IOException {
      return real().begin(topLayer, kind);
    }

    @Override
    public Path view(Optional<String> topLayer) throws IOException {
      return real().view(topLayer);
    }

    @Override
    public void close() throws IOException {
      if (real != null) {
        real.close();
      }
    }
  }
}
