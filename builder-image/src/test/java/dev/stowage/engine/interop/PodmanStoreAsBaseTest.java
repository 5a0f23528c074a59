package dev.stowage.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.cli.Main;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ContainersStore;
import dev.stowage.engine.testing.TarballImage;
import dev.stowage.engine.testing.TreeChecksum;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The article's scenario 4 at engine level: an image that lives in podman's own store (written by
 * containers/storage itself, through skopeo) is the FROM of a stowage build that mounts that store
 * as a read-only additional store — no registry, no copy of its layers, and not one byte of
 * podman's store changes. Then podman, pointed at both stores, runs the image stowage built.
 */
class PodmanStoreAsBaseTest {

  @TempDir Path tmp;
  private ContainersStore podman;

  @BeforeEach
  void podmanStoreWithBusybox() throws Exception {
    podman = ContainersStore.create(tmp.resolve("podman"));
    TarballImage busybox = BaseImages.busybox();
    busybox.importInto(podman, tmp.resolve("scratch"));
    podman.unmountAll();
  }

  @AfterEach
  void closeStore() throws Exception {
    podman.close();
  }

  @Test
  void buildUsesABaseFromPodmansStoreInPlaceAndChangesNothingThere() throws Exception {
    Path context = Files.createDirectories(tmp.resolve("context"));
    Files.writeString(
        context.resolve("Containerfile"),
        "FROM " + BaseImages.BUSYBOX + "\nRUN echo built-on-podman-base > /greeting\n");
    Path ours = tmp.resolve("ours");
    Path result = tmp.resolve("result.json");
    Digest before = TreeChecksum.of(podman.root());

    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int code =
        cli.execute(
            "build",
            "--storage-root",
            ours.toString(),
            "--additional-store",
            podman.root().toString(),
            "--pull=never",
            "-t",
            "localhost/on-podman-base:1",
            "--result-file",
            result.toString(),
            context.toString());

    assertThat(code).as(out.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(Files.readString(result));
    assertThat(json.get("cacheMisses").asInt()).isEqualTo(1);
    assertThat(TreeChecksum.of(podman.root()))
        .as("podman's store is read-only to stowage")
        .isEqualTo(before);
    // The base layer stays in podman's store: ours holds only the RUN layer.
    try (var layers = Files.list(ours.resolve("overlay"))) {
      assertThat(layers.filter(p -> !p.getFileName().toString().equals("l")).count()).isEqualTo(1);
    }
    ContainersStore both =
        ContainersStore.create(tmp.resolve("both"), ours, java.util.List.of(podman.root()));
    assertThat(
            both.podman(
                "run", "--rm", "--pull", "never", "localhost/on-podman-base:1", "cat", "/greeting"))
        .contains("built-on-podman-base");
  }
}
