package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.HistoryEntry;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageIndex;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.image.Platform;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous();

  @TempDir Path tmp;

  private final Random random = new Random(42);
  // Small chunks so a 300 KiB blob goes up in several PATCHes.
  private final RegistryClient client =
      RegistryClient.builder().insecure(true).chunkSize(100 * 1024).build();

  private byte[] randomBytes(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private Descriptor layer(byte[] content) {
    return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(content), content.length);
  }

  private record Pushed(ImageManifest manifest, Digest digest, List<byte[]> layers) {}

  private Pushed pushImage(ImageReference ref, Platform platform, int... layerSizes)
      throws IOException {
    List<Descriptor> layers = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    ImageConfig config = ImageConfig.scratch(platform).withCreated(Instant.EPOCH);
    for (int size : layerSizes) {
      byte[] content = randomBytes(size);
      Descriptor d = layer(content);
      Path file = Files.write(tmp.resolve(d.digest().hex()), content);
      client.pushBlob(ref, d, file, ProgressListener.NONE);
      layers.add(d);
      contents.add(content);
      config = config.withLayer(d.digest(), HistoryEntry.of(Instant.EPOCH, "COPY x /", false));
    }
    config = config.withConfig(ContainerConfig.EMPTY.withCmd(List.of("/bin/sh")));
    byte[] configBytes = config.toBytes();
    Descriptor configDescriptor =
        Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
    client.pushBlob(
        ref, configDescriptor.digest(), BlobSource.of(configBytes), null, ProgressListener.NONE);
    ImageManifest manifest = ImageManifest.oci(configDescriptor, layers);
    Digest digest = client.pushManifest(ref, manifest);
    return new Pushed(manifest, digest, contents);
  }

  @Test
  void pushesMonolithicAndChunkedBlobsAndPullsTheImageBackByTagAndDigest() throws IOException {
    ImageReference ref = registry.reference("stowage/roundtrip:v1");
    List<long[]> progress = new CopyOnWriteArrayList<>();
    byte[] big = randomBytes(300 * 1024 + 7);
    Descriptor bigLayer = layer(big);
    Path bigFile = Files.write(tmp.resolve("big"), big);
    BlobPushResult result =
        client.pushBlob(
            ref, bigLayer, bigFile, (done, total) -> progress.add(new long[] {done, total}));
    assertThat(result).isEqualTo(BlobPushResult.UPLOADED);
    assertThat(progress.getLast()).containsExactly(big.length, big.length);

    Pushed pushed = pushImage(ref, Platform.LINUX_AMD64, 10 * 1024, 0);

    ManifestResponse byTag = client.pullManifest(ref);
    assertThat(byTag.digest()).isEqualTo(pushed.digest());
    assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(byTag.manifest()).isEqualTo(pushed.manifest());
    ManifestResponse byDigest = client.pullManifest(ref.withDigest(pushed.digest()));
    assertThat(byDigest.bytes()).isEqualTo(byTag.bytes());

    ResolvedImage resolved = client.resolve(ref, Platform.LINUX_AMD64);
    assertThat(resolved.indexDigest()).isNull();
    assertThat(resolved.reference().digest()).isEqualTo(pushed.digest());
    ImageConfig config = client.pullConfig(ref, resolved.manifest());
    assertThat(config.config().cmd()).containsExactly("/bin/sh");
    assertThat(config.rootfs().diffIds()).hasSize(2);

    for (int i = 0; i < pushed.layers().size(); i++) {
      Path target = tmp.resolve("pulled-" + i);
      client.pullBlob(ref, pushed.manifest().layers().get(i), target, ProgressListener.NONE);
      assertThat(Files.readAllBytes(target)).isEqualTo(pushed.layers().get(i));
    }
    Path bigPulled = tmp.resolve("big-pulled");
    client.pullBlob(ref, bigLayer, bigPulled, ProgressListener.NONE);
    assertThat(Files.readAllBytes(bigPulled)).isEqualTo(big);
  }

  @Test
  void skipsUploadWhenTheRepositoryAlreadyHasTheBlob() throws IOException {
    ImageReference ref = registry.reference("stowage/head");
    byte[] content = randomBytes(2048);
    Descriptor d = layer(content);
    Path file = Files.write(tmp.resolve("blob"), content);

    assertThat(client.blobExists(ref, d.digest())).isFalse();
    assertThat(client.pushBlob(ref, d, file, ProgressListener.NONE))
        .isEqualTo(BlobPushResult.UPLOADED);
    assertThat(client.blobSize(ref, d.digest())).contains((long) content.length);
    assertThat(client.pushBlob(ref, d, file, ProgressListener.NONE))
        .isEqualTo(BlobPushResult.ALREADY_PRESENT);
  }

  @Test
  void mountsABlobFromAnotherRepositoryInsteadOfUploading() throws IOException {
    ImageReference source = registry.reference("stowage/mount-source");
    ImageReference target = registry.reference("stowage/mount-target");
    byte[] content = randomBytes(4096);
    Descriptor d = layer(content);
    client.pushBlob(source, d, Files.write(tmp.resolve("m"), content), ProgressListener.NONE);

    BlobPushResult result =
        client.pushBlob(
            target, d.digest(), BlobSource.of(content), source.repository(), ProgressListener.NONE);

    assertThat(result).isEqualTo(BlobPushResult.MOUNTED);
    assertThat(client.blobExists(target, d.digest())).isTrue();
  }

  @Test
  void mountFromARepositoryWithoutTheBlobFallsBackToUpload() {
    ImageReference target = registry.reference("stowage/mount-fallback");
    byte[] content = randomBytes(1000);
    Descriptor d = layer(content);

    BlobPushResult result =
        client.pushBlob(
            target, d.digest(), BlobSource.of(content), "stowage/nowhere", ProgressListener.NONE);

    assertThat(result).isEqualTo(BlobPushResult.UPLOADED);
    assertThat(client.blobExists(target, d.digest())).isTrue();
  }

  @Test
  void resolvesAnIndexToTheLinuxAmd64Manifest() throws IOException {
    ImageReference ref = registry.reference("stowage/multi:latest");
    Pushed arm = pushImage(ref.withTag("arm64"), Platform.of("linux", "arm64", "v8"), 100);
    Pushed amd = pushImage(ref.withTag("amd64"), Platform.LINUX_AMD64, 200);
    ImageIndex index =
        ImageIndex.oci(
            List.of(
                Descriptor.of(
                        MediaTypes.OCI_MANIFEST, arm.digest(), arm.manifest().toBytes().length)
                    .withPlatform(Platform.of("linux", "arm64", "v8")),
                Descriptor.of(
                        MediaTypes.OCI_MANIFEST, amd.digest(), amd.manifest().toBytes().length)
                    .withPlatform(Platform.LINUX_AMD64)));
    Digest indexDigest = client.pushIndex(ref, index);

    ResolvedImage resolved = client.resolve(ref, Platform.LINUX_AMD64);

    assertThat(resolved.indexDigest()).isEqualTo(indexDigest);
    assertThat(resolved.manifestDigest()).isEqualTo(amd.digest());
    assertThat(resolved.manifest()).isEqualTo(amd.manifest());
    assertThatThrownBy(() -> client.resolve(ref, Platform.parse("linux/s390x")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("no linux/s390x variant")
        .hasMessageContaining("linux/arm64/v8");
  }

  @Test
  void tamperedBlobIsRejectedAndLeavesNothingBehind() throws IOException {
    ImageReference ref = registry.reference("stowage/tampered");
    byte[] content = randomBytes(5000);
    Descriptor d = layer(content);
    client.pushBlob(ref, d, Files.write(tmp.resolve("t"), content), ProgressListener.NONE);
    byte[] evil = content.clone();
    evil[100] ^= 1;
    Files.write(registry.blobDataFile(d.digest()), evil);
    Path pulls = Files.createDirectories(tmp.resolve("pulls"));

    assertThatThrownBy(() -> client.pullBlob(ref, d, pulls.resolve("layer"), ProgressListener.NONE))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("pulling blob " + d.digest() + " from " + ref.name())
        .satisfies(e -> assertThat(((DigestMismatchException) e).expected()).isEqualTo(d.digest()));
    try (var files = Files.list(pulls)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void missingManifestIsANotFoundRegistryException() {
    ImageReference ref = registry.reference("stowage/absent:nope");

    assertThatThrownBy(() -> client.pullManifest(ref))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.isAuthFailure()).isFalse();
              assertThat(e.registry()).isEqualTo(registry.host());
              assertThat(e.repository()).isEqualTo("stowage/absent");
            })
        .hasMessageContaining("pulling manifest nope from " + ref.name());
  }

  @Test
  void listsTags() throws IOException {
    ImageReference ref = registry.reference("stowage/tags:a");
    pushImage(ref, Platform.LINUX_AMD64, 10);
    pushImage(ref.withTag("b"), Platform.LINUX_AMD64, 11);

    assertThat(client.listTags(ref)).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void pushesAndPullsLayersInParallel() throws Exception {
    ImageReference ref = registry.reference("stowage/parallel");
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      contents.add(randomBytes(150 * 1024 + i));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<Path>> done = new ArrayList<>();
      for (int i = 0; i < contents.size(); i++) {
        byte[] c = contents.get(i);
        Path target = tmp.resolve("par-" + i);
        done.add(
            pool.submit(
                () -> {
                  Descriptor d = layer(c);
                  client.pushBlob(ref, d.digest(), BlobSource.of(c), null, ProgressListener.NONE);
                  return client.pullBlob(ref, d, target, ProgressListener.NONE);
                }));
      }
      for (int i = 0; i < done.size(); i++) {
        assertThat(Files.readAllBytes(done.get(i).get())).isEqualTo(contents.get(i));
      }
    }
  }

  @Test
  void verifyingClientExplainsThatAPlainHttpRegistryNeedsTlsVerifyFalse() {
    RegistryClient verifying = RegistryClient.builder().retryPolicy(RetryPolicy.none()).build();

    assertThatThrownBy(() -> verifying.pullManifest(registry.reference("stowage/any:1")))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.statusCode()).isZero())
        .hasMessageContaining("cannot talk to " + registry.host())
        .hasMessageContaining("--tls-verify=false");
  }
}
