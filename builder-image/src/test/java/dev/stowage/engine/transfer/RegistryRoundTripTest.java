package dev.stowage.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.archive.Compression;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.registry.RegistryClient;
import dev.stowage.engine.storage.ImageRecord;
import dev.stowage.engine.storage.ResolvedImage;
import dev.stowage.engine.storage.ResolvedLayer;
import dev.stowage.engine.storage.StoreSet;
import dev.stowage.engine.testing.TreeChecksum;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Import, push, pull and export against the real registry, checked by skopeo and podman. */
class RegistryRoundTripTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final RegistryClient client = RegistryClient.builder().insecure(true).build();

  private StoreSet importedBusybox(Path root) throws Exception {
    StoreSet stores = StoreSet.open(root, List.of());
    new RootfsImporter(stores, TransferLog.QUIET)
        .importRootfs(
            Tools.busyboxRootfs(tmp.resolve("rootfs-" + root.getFileName())), "localhost/bb:1");
    return stores;
  }

  @Test
  void importedImagePushedAndPulledBackHasTheSameConfigAndLayers() throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    ImageReference ref = registry.reference("bb/base:1");

    PushResult pushed =
        new ImagePusher(a, client, PushOptions.defaults(), TransferLog.QUIET)
            .push("localhost/bb:1", new Destination.Registry(ref), List.of());

    String raw = Tools.skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + ref);
    JsonNode manifest = JSON.readTree(raw);
    assertThat(manifest.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.get("layers").get(0).get("mediaType").asText())
        .isEqualTo(MediaTypes.OCI_LAYER_GZIP);
    assertThat(pushed.references()).containsExactly(ref + "@" + pushed.digest());
    // skopeo verifies every blob digest while copying
    Tools.skopeo(
        "copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + tmp.resolve("layout") + ":1");

    StoreSet b = StoreSet.open(tmp.resolve("b"), List.of());
    PullResult pulled = new ImagePuller(b, client, TransferLog.QUIET).pull(ref, PullPolicy.ALWAYS);

    assertThat(pulled.downloaded()).isTrue();
    assertThat(pulled.manifestDigest()).contains(pushed.digest());
    ResolvedImage original = a.image("localhost/bb:1");
    ResolvedImage copy = b.image(ref.toString());
    assertThat(b.config(copy)).isEqualTo(a.config(original));
    assertThat(copy.id()).isEqualTo(original.id());
    assertThat(b.manifest(copy)).isEqualTo(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<ResolvedLayer> before = a.layerChain(original);
    List<ResolvedLayer> after = b.layerChain(copy);
    assertThat(after).hasSameSizeAs(before);
    assertThat(after.getFirst().id()).isEqualTo(before.getFirst().id());
    assertThat(after.getFirst().store().root()).isEqualTo(b.primary().root());
    assertThat(TreeChecksum.of(after.getFirst().diffDirectory()))
        .isEqualTo(TreeChecksum.of(before.getFirst().diffDirectory()));
  }

  private static PushResult push(
      StoreSet stores, PushOptions options, String ref, StringBuilder log) {
    return new ImagePusher(
            stores,
            RegistryClient.builder().insecure(true).build(),
            options,
            line -> log.append(line).append('\n'))
        .push("localhost/bb:1", new Destination.Registry(registry.reference(ref)), List.of());
  }

  @Test
  void aPushRecordsTheBlobItMadeSoTheNextPushAsksTheRegistryInsteadOfCompressingAgain()
      throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    StringBuilder first = new StringBuilder();
    PushResult pushed = push(a, PushOptions.defaults(), "bb/again:1", first);
    JsonNode layer =
        JSON.readTree(
                Tools.skopeo(
                    "inspect",
                    "--tls-verify=false",
                    "--raw",
                    "docker://" + registry.reference("bb/again:1")))
            .get("layers")
            .get(0);
    var record = a.primary().layers().getFirst();
    assertThat(record.compressedDigest().map(Object::toString))
        .contains(layer.get("digest").asText());
    assertThat(record.compressedSize()).isEqualTo(layer.get("size").asLong());
    assertThat(record.compression()).contains(dev.stowage.engine.storage.LayerRecord.GZIP);

    StringBuilder second = new StringBuilder();
    PushResult again = push(a, PushOptions.defaults(), "bb/again:2", second);

    String shortDigest = layer.get("digest").asText().substring(7, 19);
    assertThat(first.toString()).contains("Copying blob sha256:" + shortDigest + " done");
    assertThat(second.toString())
        .contains("Copying blob sha256:" + shortDigest + " skipped: already exists");
    assertThat(again.digest()).isEqualTo(pushed.digest());
  }

  @Test
  void aRecordedBlobIsNotReusedForAnotherCompressionNorWhereTheRegistryLacksIt() throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    push(a, PushOptions.defaults(), "bb/gzip:1", new StringBuilder());

    PushResult zstd =
        push(
            a,
            PushOptions.defaults().withCompression(Compression.ZSTD),
            "bb/zstd:1",
            new StringBuilder());
    StringBuilder elsewhere = new StringBuilder();
    PushResult other = push(a, PushOptions.defaults(), "other/repo:1", elsewhere);

    JsonNode zstdManifest =
        JSON.readTree(
            Tools.skopeo(
                "inspect",
                "--tls-verify=false",
                "--raw",
                "docker://" + registry.reference("bb/zstd:1")));
    assertThat(zstdManifest.get("layers").get(0).get("mediaType").asText())
        .isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
    assertThat(zstd.digest()).isNotEqualTo(other.digest());
    // the repository lacks the blob: it is written and uploaded again, and skopeo can copy it
    assertThat(elsewhere.toString()).doesNotContain("skipped");
    Tools.skopeo(
        "copy",
        "--src-tls-verify=false",
        "docker://" + registry.reference("other/repo:1"),
        "oci:" + tmp.resolve("o2") + ":1");
  }

  @Test
  void pullOfAnImageInAnAdditionalStoreCopiesAndWritesNothingThere() throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    ImageReference ref = registry.reference("bb/shared:1");
    new ImagePusher(a, client, PushOptions.defaults(), TransferLog.QUIET)
        .push("localhost/bb:1", new Destination.Registry(ref), List.of());
    var before = TreeChecksum.of(a.primary().root());

    StoreSet b = StoreSet.open(tmp.resolve("b"), List.of(a.primary().root()));
    StringBuilder log = new StringBuilder();
    ImagePuller puller = new ImagePuller(b, client, line -> log.append(line).append('\n'));
    PullResult byDigest = puller.pull(ref, PullPolicy.ALWAYS);
    PullResult byName = puller.pull(ImageReference.parse("localhost/bb:1"), PullPolicy.MISSING);

    assertThat(byDigest.downloaded()).isFalse();
    assertThat(byName.downloaded()).isFalse();
    assertThat(log).contains("found in store").doesNotContain("Copying blob");
    assertThat(b.primary().layers()).isEmpty();
    assertThat(b.primary().images())
        .extracting(ImageRecord::names)
        .containsExactly(List.of(ref.toString()));
    assertThat(b.layerChain(b.image(ref.toString())).getFirst().store().readOnly()).isTrue();
    assertThat(TreeChecksum.of(a.primary().root())).isEqualTo(before);
  }

  @Test
  void pullNeverFailsClearlyWhenTheImageIsMissing() throws Exception {
    StoreSet b = StoreSet.open(tmp.resolve("b"), List.of());
    ImagePuller puller = new ImagePuller(b, client, TransferLog.QUIET);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> puller.pull(registry.reference("nothing/here:1"), PullPolicy.NEVER))
        .isInstanceOf(ImageNotPresentException.class)
        .hasMessageContaining("not found locally and --pull=never");
  }

  @Test
  void multiLayerImageBuiltByBuildahRunsInPodmanAfterWePullIt() throws Exception {
    try (PodmanStore theirs = new PodmanStore(tmp.resolve("theirs/root"), tmp.resolve("theirs"));
        PodmanStore podman = new PodmanStore(tmp.resolve("ours"), tmp.resolve("podman-on-ours"))) {
      buildPushPullAndRun(theirs, podman);
    }
  }

  private void buildPushPullAndRun(PodmanStore theirs, PodmanStore podman) throws Exception {
    Path rootfs = Tools.busyboxRootfs(tmp.resolve("rootfs"));
    Path tar = tmp.resolve("rootfs.tar");
    Tools.run(
        java.util.Map.of(), List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
    theirs.podman("import", tar.toString(), "localhost/base:1");
    Path context = Files.createDirectories(tmp.resolve("context"));
    Files.writeString(context.resolve("file.txt"), "copied\n");
    Files.writeString(
        context.resolve("Containerfile"),
        """
        FROM localhost/base:1
        RUN rm /bin/ls && mkdir -p /data && echo hi > /hello
        COPY file.txt /data/file.txt
        """);
    theirs.buildah(
        "bud", "--layers", "--isolation", "chroot", "-t", "localhost/multi:1", context.toString());
    ImageReference ref = registry.reference("multi/app:1");
    Tools.skopeo(
        "copy",
        "--dest-tls-verify=false",
        theirs.storageRef("localhost/multi:1"),
        "docker://" + ref);

    Path ours = tmp.resolve("ours");
    StoreSet stores = StoreSet.open(ours, List.of());
    PullResult pulled =
        new ImagePuller(stores, client, TransferLog.QUIET).pull(ref, PullPolicy.ALWAYS);

    assertThat(stores.layerChain(stores.image(pulled.imageId()))).hasSize(3);
    String out =
        podman.podman(
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            "none",
            ref.toString(),
            "/bin/busybox",
            "sh",
            "-c",
            "cat /hello /data/file.txt; test -e /bin/ls || echo gone");
    assertThat(out).isEqualTo("hi\ncopied\ngone\n");
  }

  @Test
  void zstdAndDockerFormatPushesAreAcceptedBySkopeo() throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    ImageReference zstd = registry.reference("bb/zstd:1");
    ImageReference docker = registry.reference("bb/docker:1");

    new ImagePusher(
            a, client, PushOptions.defaults().withCompression(Compression.ZSTD), TransferLog.QUIET)
        .push("localhost/bb:1", new Destination.Registry(zstd), List.of());
    PushResult dockerResult =
        new ImagePusher(a, client, PushOptions.defaults().withDockerFormat(true), TransferLog.QUIET)
            .push("localhost/bb:1", new Destination.Registry(docker), List.of(docker.withTag("2")));

    JsonNode zstdManifest =
        JSON.readTree(Tools.skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + zstd));
    assertThat(zstdManifest.get("layers").get(0).get("mediaType").asText())
        .isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
    JsonNode dockerManifest =
        JSON.readTree(
            Tools.skopeo(
                "inspect", "--tls-verify=false", "--raw", "docker://" + docker.withTag("2")));
    assertThat(dockerManifest.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(dockerManifest.get("layers").get(0).get("mediaType").asText())
        .isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
    assertThat(dockerResult.references())
        .containsExactly(
            docker + "@" + dockerResult.digest(),
            docker.withTag("2") + "@" + dockerResult.digest());
    Tools.skopeo("copy", "--src-tls-verify=false", "docker://" + zstd, "oci:" + tmp.resolve("z"));
    Tools.skopeo("copy", "--src-tls-verify=false", "docker://" + docker, "oci:" + tmp.resolve("d"));

    StoreSet b = StoreSet.open(tmp.resolve("b"), List.of());
    PullResult pulled = new ImagePuller(b, client, TransferLog.QUIET).pull(zstd, PullPolicy.ALWAYS);
    assertThat(pulled.imageId()).isEqualTo(a.image("localhost/bb:1").id());
  }

  @Test
  void ociLayoutPassesSkopeoAndDockerArchiveLoadsInPodman() throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    Path layout = tmp.resolve("layout");
    Path archive = tmp.resolve("out/image.tar");
    OciArchiveExporter exporter =
        new OciArchiveExporter(a, PushOptions.defaults(), TransferLog.QUIET);

    PushResult oci =
        exporter.export("localhost/bb:1", Destination.parse("oci:" + layout + ":latest"));
    exporter.export("localhost/bb:1", Destination.parse("docker-archive:" + archive));

    JsonNode inspected = JSON.readTree(Tools.skopeo("inspect", "oci:" + layout + ":latest"));
    assertThat(inspected.get("Layers")).hasSize(1);
    assertThat(inspected.get("Digest").asText()).isEqualTo(oci.digest().toString());
    try (PodmanStore podman = new PodmanStore(tmp.resolve("p/root"), tmp.resolve("p"))) {
      loadAndRun(podman, archive);
    }
  }

  private void loadAndRun(PodmanStore podman, Path archive) throws Exception {
    podman.podman("load", "-i", archive.toString());
    assertThat(podman.podman("images", "--format", "{{.Repository}}:{{.Tag}}"))
        .contains("localhost/bb:1");
    assertThat(
            podman.podman(
                "run", "--rm", "--network", "none", "localhost/bb:1", "/bin/cat", "/etc/motd"))
        .isEqualTo("hello from stowage\n");
  }

  @Test
  void pushOfAPulledImageMountsItsLayerBlobsInsteadOfUploadingThem() throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    ImageReference source = registry.reference("bb/src:1");
    ImageReference target = registry.reference("bb/dst:1");
    PushResult original =
        new ImagePusher(a, client, PushOptions.defaults(), TransferLog.QUIET)
            .push("localhost/bb:1", new Destination.Registry(source), List.of());
    StoreSet b = StoreSet.open(tmp.resolve("b"), List.of());
    new ImagePuller(b, client, TransferLog.QUIET).pull(source, PullPolicy.ALWAYS);

    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    PushResult copied =
        new ImagePusher(b, client, PushOptions.defaults(), l -> first.append(l).append('\n'))
            .push(source.toString(), new Destination.Registry(target), List.of());
    new ImagePusher(b, client, PushOptions.defaults(), l -> second.append(l).append('\n'))
        .push(source.toString(), new Destination.Registry(target), List.of());

    assertThat(first).contains("mounted from bb/src");
    assertThat(second).contains("skipped: already exists").doesNotContain(" done\n");
    assertThat(copied.digest()).isEqualTo(original.digest());
    Tools.skopeo(
        "copy", "--src-tls-verify=false", "docker://" + target, "oci:" + tmp.resolve("check"));
  }

  @Test
  void podmanImageOfAnAdditionalStoreIsPushedWithItsOriginalLayersAndImageId() throws Exception {
    try (PodmanStore theirs = new PodmanStore(tmp.resolve("theirs/root"), tmp.resolve("theirs"))) {
      Path rootfs = Tools.busyboxRootfs(tmp.resolve("rootfs"));
      Path tar = tmp.resolve("rootfs.tar");
      // GNU tar's own format: re-archiving the content would give another DiffID
      Tools.run(
          java.util.Map.of(),
          List.of("tar", "--format=gnu", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
      theirs.podman("import", tar.toString(), "localhost/base:1");
      StoreSet stores = StoreSet.open(tmp.resolve("ours"), List.of(theirs.root));
      ImageReference ref = registry.reference("podman/base:1");

      new ImagePusher(stores, client, PushOptions.defaults(), TransferLog.QUIET)
          .push("localhost/base:1", new Destination.Registry(ref), List.of());

      JsonNode manifest =
          JSON.readTree(Tools.skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + ref));
      assertThat(manifest.get("config").get("digest").asText())
          .isEqualTo("sha256:" + stores.image("localhost/base:1").id());
      Tools.skopeo("copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + tmp.resolve("o"));
    }
  }

  @Test
  void timestampRewritesLayersAndConfigReproducibly() throws Exception {
    StoreSet a = importedBusybox(tmp.resolve("a"));
    PushOptions options = PushOptions.defaults().withTimestamp(1_700_000_000L);
    ImageReference first = registry.reference("bb/ts:1");
    ImageReference second = registry.reference("bb/ts:2");

    PushResult one =
        new ImagePusher(a, client, options, TransferLog.QUIET)
            .push("localhost/bb:1", new Destination.Registry(first), List.of());
    PushResult two =
        new ImagePusher(a, client, options, TransferLog.QUIET)
            .push("localhost/bb:1", new Destination.Registry(second), List.of());

    assertThat(two.digest()).isEqualTo(one.digest());
    JsonNode config =
        JSON.readTree(
            Tools.skopeo("inspect", "--tls-verify=false", "--config", "docker://" + first));
    assertThat(config.get("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(config.get("rootfs").get("diff_ids").get(0).asText())
        .isNotEqualTo(
            a.layerChain(a.image("localhost/bb:1"))
                .getFirst()
                .layer()
                .diffDigest()
                .get()
                .toString());
  }
}
