package dev.stowage.engine.build;

import dev.stowage.engine.storage.StoreSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lets CLI tests in other packages use this package's fixtures. */
public final class CliTestSupport {

  private CliTestSupport() {}

  /** A store at {@code store} holding {@code localhost/busybox:latest}. */
  public static void createBusyboxBase(Path store, Path work) throws IOException {
    BuildFixture f = new BuildFixture(work);
    f.stores = StoreSet.open(store, List.of());
    f.createBase();
  }

  /** The image's layers applied onto a fresh directory under {@code work}. */
  public static Path materialise(Path store, Path work, String image) throws IOException {
    return materialise(store, List.of(), work, image);
  }

  /** The same with {@code additional} read-only stores holding lower layers. */
  public static Path materialise(Path store, List<Path> additional, Path work, String image)
      throws IOException {
    BuildFixture f = new BuildFixture(work);
    f.stores = StoreSet.open(store, additional);
    return f.materialise(image);
  }

  /** RUN through coreutils chroot (tests only). */
  public static StepRunner chrootRunner() {
    return new ChrootTestRunner();
  }
}
