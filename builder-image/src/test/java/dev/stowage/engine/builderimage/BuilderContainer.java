package dev.stowage.engine.builderimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.testing.ContainersStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The builder image that {@code -Pimage package} wrote to {@code target/stowage-builder.oci.tar},
 * loaded into a private podman store, and run the way a builder pod runs its steps: read-only root
 * file system, {@code no_new_privs}, every capability dropped but the build step's, {@code
 * /dev/fuse}, podman's default seccomp profile unless a test says otherwise.
 */
final class BuilderContainer implements AutoCloseable {

  /** The build step's capabilities (operator/.../pod/package-info.java), nothing more. */
  static final String BUILD_CAPABILITIES =
      "CHOWN,DAC_OVERRIDE,FOWNER,FSETID,SETUID,SETGID,SYS_CHROOT,SETFCAP";

  static final List<String> NO_NETWORK = List.of("--network", "none");

  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int exit, String out) {}

  private final Path archive;
  private final String image;
  private final ContainersStore podman;

  private BuilderContainer(Path archive, String image, ContainersStore podman) {
    this.archive = archive;
    this.image = image;
    this.podman = podman;
  }

  /** Loads the archive named by {@code stowage.builderImage.archive} into a store under dir. */
  static BuilderContainer load(Path dir) throws IOException, InterruptedException {
    Path archive =
        Path.of(
            System.getProperty("stowage.builderImage.archive", "target/stowage-builder.oci.tar"));
    assertThat(archive)
        .as("the builder image archive (./mvnw -pl builder-image -am -Pimage package)")
        .isRegularFile();
    String image = refName(archive);
    ContainersStore podman = ContainersStore.create(dir);
    String loaded = podman.podman("load", "-i", archive.toString());
    assertThat(loaded).contains("Loaded image: " + image);
    return new BuilderContainer(archive, image, podman);
  }

  Path archive() {
    return archive;
  }

  String image() {
    return image;
  }

  ContainersStore podman() {
    return podman;
  }

  /** {@code podman run} as a builder pod's build step, plus {@code options}, then the command. */
  List<String> command(List<String> options, String... command) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "podman",
                "--root",
                podman.root().toString(),
                "--runroot",
                podman.runRoot().toString(),
                "--storage-driver",
                "overlay",
                "run",
                "--rm",
                "--read-only",
                "--security-opt",
                "no-new-privileges",
                "--cap-drop",
                "ALL",
                "--cap-add",
                BUILD_CAPABILITIES,
                "--device",
                "/dev/fuse",
                "--env",
                "HOME=/tmp"));
    args.addAll(options);
    args.add(image);
    args.addAll(List.of(command));
    return args;
  }

  /** Runs {@link #command} and returns its exit code and output (stdout and stderr together). */
  Result run(List<String> options, String... command) throws IOException, InterruptedException {
    return exec(command(options, command));
  }

  /** Runs {@link #command}, asserting it succeeds; returns its output. */
  String succeed(List<String> options, String... command) throws IOException, InterruptedException {
    return succeed(command(options, command));
  }

  Result exec(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(podman.env());
    Process p = builder.start();
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " timed out:\n" + out);
    }
    return new Result(p.exitValue(), out);
  }

  String succeed(List<String> command) throws IOException, InterruptedException {
    Result r = exec(command);
    assertThat(r.exit()).as("%s\n%s", String.join(" ", command), r.out()).isZero();
    return r.out();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    podman.close();
  }

  /** The {@code org.opencontainers.image.ref.name} of the archive's only manifest. */
  private static String refName(Path archive) throws IOException {
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.getName().equals("index.json")) {
          JsonNode manifests = JSON.readTree(tar.readAllBytes()).get("manifests");
          assertThat(manifests).hasSize(1);
          return manifests
              .get(0)
              .get("annotations")
              .get("org.opencontainers.image.ref.name")
              .asText();
        }
      }
    }
    throw new AssertionError(archive + " has no index.json");
  }
}
