package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.image.ContainerConfig;
import dev.stowage.engine.image.Descriptor;
import dev.stowage.engine.image.Digest;
import dev.stowage.engine.image.HistoryEntry;
import dev.stowage.engine.image.ImageConfig;
import dev.stowage.engine.image.ImageManifest;
import dev.stowage.engine.image.ImageReference;
import dev.stowage.engine.image.MediaTypes;
import dev.stowage.engine.image.Platform;
import dev.stowage.engine.testing.registry.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** skopeo (containers/image) as the peer: it must accept what we push, and we what it pushes. */
class SkopeoInteropTest {

  @RegisterExtension static LocalRegistry registry = LocalRegistry.anonymous();

  @TempDir Path tmp;

  private final RegistryClient client = RegistryClient.builder().insecure(true).build();

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private Digest pushImage(ImageReference ref) throws IOException {
    ImageConfig config = ImageConfig.scratch(Platform.LINUX_AMD64).withCreated(Instant.EPOCH);
    List<Descriptor> layers = new ArrayList<>();
    for (String text : List.of("first layer", "second layer")) {
      byte[] raw = text.repeat(100).getBytes(StandardCharsets.UTF_8);
      byte[] compressed = gzip(raw);
      Descriptor d =
          Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(compressed), compressed.length);
      client.pushBlob(ref, d.digest(), BlobSource.of(compressed), null, ProgressListener.NONE);
      layers.add(d);
      config =
          config.withLayer(
              Digest.sha256(raw), HistoryEntry.of(Instant.EPOCH, "ADD " + text, false));
    }
    config =
        config.withConfig(ContainerConfig.EMPTY.withEnv("PATH", "/bin").withCmd(List.of("sh")));
    byte[] configBytes = config.toBytes();
    Descriptor configDescriptor =
        Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
    client.pushBlob(
        ref, configDescriptor.digest(), BlobSource.of(configBytes), null, ProgressListener.NONE);
    return client.pushManifest(ref, ImageManifest.oci(configDescriptor, layers));
  }

  private static String skopeo(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "skopeo not found — install the test tools with `bash scripts/test.sh`", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("skopeo %s:%n%s", command, out).isZero();
    return out;
  }

  @Test
  void skopeoCopiesAnImageWePushedVerifyingEveryBlob() throws Exception {
    ImageReference ref = registry.reference("interop/ours:1");
    Digest digest = pushImage(ref);
    Path layout = tmp.resolve("layout");

    skopeo("copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + layout + ":1");

    String index = Files.readString(layout.resolve("index.json"));
    assertThat(index).contains(digest.toString());
    String inspect = skopeo("inspect", "--tls-verify=false", "--config", "docker://" + ref);
    assertThat(inspect).contains("\"PATH=/bin\"").contains("\"sh\"");
  }

  @Test
  void weResolveAndPullADockerSchema2ImageSkopeoWrote() throws Exception {
    ImageReference source = registry.reference("interop/source:1");
    pushImage(source);
    ImageReference converted = registry.reference("interop/docker:1");

    skopeo(
        "copy",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        "--format",
        "v2s2",
        "docker://" + source,
        "docker://" + converted);

    ResolvedImage image = client.resolve(converted, Platform.LINUX_AMD64);
    assertThat(image.manifest().isDocker()).isTrue();
    assertThat(image.manifest().layers())
        .extracting(Descriptor::mediaType)
        .containsOnly(MediaTypes.DOCKER_LAYER_GZIP);
    ImageConfig config = client.pullConfig(converted, image.manifest());
    assertThat(config.config().cmd()).containsExactly("sh");
    for (Descriptor layer : image.manifest().layers()) {
      Path target = tmp.resolve(layer.digest().hex());
      client.pullBlob(converted, layer, target, ProgressListener.NONE);
      assertThat(Digest.sha256(Files.readAllBytes(target))).isEqualTo(layer.digest());
    }
  }
}
