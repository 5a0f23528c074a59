package dev.stowage.engine.build;

import dev.stowage.engine.archive.Snapshot;
import dev.stowage.engine.driver.DriverContext;
import dev.stowage.engine.driver.LayerCommitter;
import dev.stowage.engine.driver.NativeDriver;
import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.HistoryEntry;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.image.Platform;
import dev.stowage.engine.storage.LayerId;
import dev.stowage.engine.storage.LayerRecord;
import dev.stowage.engine.storage.NewImage;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.StoreSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A temp store holding a busybox-static base image ({@code localhost/busybox:latest}, users root
 * and app (1000)), a context directory, and a build executor running RUN through coreutils chroot.
 */
final class BuildFixture {

  static final String BASE = "localhost/busybox:latest";

  final Path dir;
  final Path store;
  final Path context;
  final ChrootTestRunner runner = new ChrootTestRunner();
  final ByteArrayOutputStream output = new ByteArrayOutputStream();
  StoreSet stores;

  BuildFixture(Path dir) throws IOException {
    this.dir = dir;
    this.store = Files.createDirectories(dir.resolve("store"));
    this.context = Files.createDirectories(dir.resolve("context"));
    this.stores = StoreSet.open(store, List.of());
  }

  /** The busybox base image, with {@code extra} applied to its root before committing. */
  String createBase(String name, Consumer<Path> extra) throws IOException {
    Path root = Files.createDirectories(dir.resolve("base-" + name.replaceAll("[^a-z0-9]", "_")));
    Path scratch = Files.createDirectories(dir.resolve("base-tmp"));
    LayerCommitter committer = new LayerCommitter(stores, scratch, Optional.empty());
    Snapshot before = committer.before(root);
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(busybox(), bin.resolve("busybox"));
    for (String tool :
        List.of("sh", "cat", "ls", "echo", "mkdir", "touch", "rm", "id", "env", "stat", "pwd")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("busybox"));
    }
    Path etc = Files.createDirectories(root.resolve("etc"));
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\nstaff:x:50:\n");
    Files.writeString(etc.resolve("base-file"), "from the base\n");
    Files.createDirectories(root.resolve("tmp"));
    Files.createDirectories(root.resolve("run"));
    extra.accept(root);
    LayerRecord layer = committer.commit(root, before, Optional.empty()).orElseThrow();
    Instant created = Instant.parse("2024-01-01T00:00:00Z");
    ImageConfig config =
        ImageConfig.scratch(Platform.LINUX_AMD64)
            .withCreated(created)
            .withConfig(ContainerConfig.EMPTY.withEnv("PATH", "/bin").withCmd(List.of("sh")))
            .withLayer(
                layer.diffDigest().orElseThrow(), HistoryEntry.of(created, "busybox base", false));
    byte[] bytes = config.toBytes();
    ImageManifest manifest =
        ImageManifest.oci(
            Descriptor.of(MediaTypes.OCI_CONFIG, config.digest(), bytes.length),
            List.of(
                Descriptor.of(
                    MediaTypes.OCI_LAYER_TAR, layer.diffDigest().orElseThrow(), layer.diffSize())));
    return stores
        .createImage(
            NewImage.of(bytes, manifest.toBytes(), List.of(name), new LayerId(layer.id()), created))
        .id();
  }

  String createBase() throws IOException {
    return createBase(BASE, r -> {});
  }

  void file(String path, String content) throws IOException {
    Path p = context.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  void containerfile(String text) throws IOException {
    file("Containerfile", text);
  }

  BuildRequest.Builder request() {
    return BuildRequest.builder(context).pull(PullPolicy.NEVER);
  }

  BuildResult build(BuildRequest request) throws BuildException, InterruptedException {
    output.reset();
    stores = StoreSet.open(store, List.of());
    return new BuildExecutor(stores, runner, BaseImageSource.NONE, new PrintStream(output, true))
        .build(request);
  }

  BuildResult build() throws BuildException, InterruptedException {
    return build(request().tag("test").build());
  }

  String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  ImageConfig config(String image) {
    ResolvedImage img = stores.image(image);
    return ImageConfig.parse(stores.config(img));
  }

  /** The image's layers applied in order onto a fresh directory. */
  Path materialise(String image) throws IOException {
    ResolvedImage img = stores.image(image);
    Path out = dir.resolve("materialised-" + System.nanoTime());
    NativeDriver driver =
        new NativeDriver(
            new DriverContext(
                stores, Files.createDirectories(out.resolve("tmp")), Optional.empty()),
            false,
            "");
    return driver.newContainer(out).view(img.image().topLayer());
  }

  Map<String, String> env(String image) {
    return config(image).config().env().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1)));
  }

  static Path busybox() {
    for (String candidate : List.of("/usr/bin/busybox", "/bin/busybox")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException("busybox-static is not installed");
  }
}
