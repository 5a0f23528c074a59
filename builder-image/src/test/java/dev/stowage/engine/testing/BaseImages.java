package dev.stowage.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The base images of the parity suite and benchmarks: a Debian bookworm minbase and a busybox
 * rootfs, made once per machine by {@code scripts/base-image.sh} (cached outside the repository)
 * and offered as {@link TarballImage}s to import into our store and into buildah's.
 */
public final class BaseImages {

  /** The name the Debian base carries in every store; parity Containerfiles say {@code FROM} it. */
  public static final String DEBIAN = "localhost/parity/debian:bookworm";

  /** The name of the busybox base. */
  public static final String BUSYBOX = "localhost/parity/busybox:latest";

  private static final Instant CREATED = Instant.parse("2025-05-20T00:00:00Z");
  private static final String CREATED_BY = "scripts/base-image.sh";

  private static Path debianTar;
  private static Path busyboxTar;

  private BaseImages() {}

  /** The Debian bookworm minbase image (creates the tarball on first use: needs the mirror). */
  public static synchronized TarballImage debian() throws IOException, InterruptedException {
    if (debianTar == null) {
      List<String> paths = runScript();
      debianTar = Path.of(paths.get(0));
      busyboxTar = Path.of(paths.get(1));
    }
    return TarballImage.of(DEBIAN, List.of(debianTar), List.of("bash"), CREATED, CREATED_BY);
  }

  /** The busybox image (no network needed). */
  public static synchronized TarballImage busybox() throws IOException, InterruptedException {
    if (busyboxTar == null) {
      busyboxTar = Path.of(runScript("--busybox-only").getLast());
    }
    return TarballImage.of(BUSYBOX, List.of(busyboxTar), List.of("sh"), CREATED, CREATED_BY);
  }

  /** The repository root: the nearest directory up from the working directory with the script. */
  public static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/base-image.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "scripts/base-image.sh not found above " + Path.of("").toAbsolutePath());
  }

  private static List<String> runScript(String... args) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("bash", repositoryRoot().resolve("scripts/base-image.sh").toString()));
    command.addAll(List.of(args));
    List<String> lines = ExternalCommand.of(command, Map.of()).run().lines().toList();
    for (String line : lines) {
      if (!Files.isRegularFile(Path.of(line))) {
        throw new IllegalStateException("base-image.sh printed " + line + ", which is no file");
      }
    }
    return lines;
  }
}
