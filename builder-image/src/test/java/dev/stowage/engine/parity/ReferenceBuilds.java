package dev.stowage.engine.parity;

import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ContainersStore;
import dev.stowage.engine.testing.ScratchDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Buildah's image of each parity context, built once per test JVM into one store that holds the
 * base images, and shared by the suites that compare against it (building twelve contexts takes
 * about a minute). The store is removed when the JVM exits.
 */
final class ReferenceBuilds {

  private static ScratchDirectory scratch;
  private static BuildahBuilder buildah;
  private static final Map<String, BuiltImage> BUILT = new HashMap<>();

  private ReferenceBuilds() {}

  /** Buildah's image of context {@code name}, tagged {@code localhost/parity-reference/<name>}. */
  static synchronized BuiltImage of(String name) throws IOException, InterruptedException {
    if (buildah == null) {
      scratch = ScratchDirectory.create("parity-reference");
      Runtime.getRuntime().addShutdownHook(new Thread(ReferenceBuilds::cleanUp));
      buildah = new BuildahBuilder(loadedStore(scratch.path()));
    }
    BuiltImage image = BUILT.get(name);
    if (image == null) {
      image = buildah.build(request(name, "localhost/parity-reference/" + name));
      BUILT.put(name, image);
    }
    return image;
  }

  /** A fresh buildah store under {@code dir} holding both base images. */
  static ContainersStore loadedStore(Path dir) throws IOException, InterruptedException {
    ContainersStore store = ContainersStore.create(dir.resolve("buildah"));
    BaseImages.debian().importInto(store, dir);
    BaseImages.busybox().importInto(store, dir);
    return store;
  }

  /**
   * The request that builds context {@code name} with buildah: its {@code Containerfile.buildah}
   * when it has one (features buildah 1.28 lacks, spelled out), else its Containerfile.
   */
  static BuildRequest request(String name, String tag) {
    Path context = ParityContexts.context(name);
    BuildRequest request = BuildRequest.of(context, tag);
    Path reference = context.resolve("Containerfile.buildah");
    return Files.isRegularFile(reference) ? request.withContainerfile(reference) : request;
  }

  private static synchronized void cleanUp() {
    try {
      scratch.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
