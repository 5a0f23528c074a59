package dev.stowage.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.cli.Main;
import dev.stowage.engine.cli.args.CommandLine;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.testing.BaseImages;
import dev.stowage.engine.testing.ContainersStore;
import dev.stowage.engine.testing.PodProcess;
import dev.stowage.engine.testing.TarballImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A base image whose second layer replaced a whole directory, written by rootful podman: the
 * directory is opaque through {@code trusted.overlay.opaque}, which a builder pod (no SYS_ADMIN, or
 * a user namespace) cannot see. Every driver, in and outside the pod's conditions, must still show
 * the replaced directory's new content only; the engine learns the mark from the layer's tar-split.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpaqueBaseTest {

  private static final String BASE = "localhost/opaque-base:1";

  private Path tmp;
  private ContainersStore podman;

  @BeforeAll
  void podmanBuildsABaseWithAnOpaqueDirectory() throws Exception {
    tmp = Files.createTempDirectory("opaque-base");
    podman = ContainersStore.create(tmp.resolve("podman"));
    TarballImage busybox = BaseImages.busybox();
    busybox.importInto(podman, tmp.resolve("scratch"));
    Path context = Files.createDirectories(tmp.resolve("base-context"));
    Files.writeString(
        context.resolve("Containerfile"),
        "FROM "
            + BaseImages.BUSYBOX
            + "\nRUN mkdir -p /data && echo old > /data/old\n"
            + "RUN rm -rf /data && mkdir /data && echo new > /data/new\n");
    podman.podman(
        "build",
        "--pull=never",
        "--layers",
        "-t",
        BASE,
        "-f",
        context + "/Containerfile",
        context.toString());
    podman.unmountAll();
  }

  @AfterAll
  void removeStores() throws Exception {
    podman.close();
    dev.stowage.engine.driver.WorkArea.remove(tmp);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"native", "overlay", "pod", "pod-fuse", "pod-native"})
  void theReplacedDirectoryShowsOnlyItsNewContent(String way) throws Exception {
    Path context = Files.createDirectories(tmp.resolve("context-" + way));
    Files.writeString(
        context.resolve("Containerfile"), "FROM " + BASE + "\nRUN ls -a /data > /listing\n");
    Path ours = tmp.resolve("ours-" + way);
    Path result = tmp.resolve("result-" + way + ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "build",
                "--storage-root",
                ours.toString(),
                "--additional-store",
                podman.root().toString(),
                "--pull=never",
                "-t",
                "localhost/on-opaque-base:" + way,
                "--result-file",
                result.toString(),
                "--storage-driver",
                way.endsWith("native") ? "native" : "overlay"));
    if (way.equals("pod-fuse")) {
      args.addAll(List.of("--mount-program", "fuse-overlayfs"));
    }
    args.add(context.toString());

    String output = way.startsWith("pod") ? inPod(args) : inProcess(args);

    JsonNode json = new ObjectMapper().readTree(Files.readString(result));
    assertThat(json.has("imageId")).as(output).isTrue();
    StoreSet stores = StoreSet.open(ours, List.of(podman.root()));
    List<ResolvedLayer> chain = stores.layerChain(stores.image("localhost/on-opaque-base:" + way));
    String listing =
        Files.readString(
            chain.getLast().diffDirectory().resolve("listing"), StandardCharsets.UTF_8);
    assertThat(listing.lines()).as(output).containsExactly(".", "..", "new");
  }

  private static String inProcess(List<String> args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    cli.execute(args.toArray(String[]::new));
    return out.toString();
  }

  private static String inPod(List<String> args) throws Exception {
    ProcessBuilder b =
        new ProcessBuilder(PodProcess.command(Main.class.getName(), args))
            .redirectErrorStream(true);
    b.environment().put("LANG", "C.UTF-8");
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
