package dev.stowage.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageManifestTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  private static byte[] json(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesADockerSchema2Manifest() {
    ImageManifest m =
        ImageManifest.parse(
            json(
                "{'schemaVersion':2,'mediaType':'"
                    + MediaTypes.DOCKER_MANIFEST
                    + "','config':{'mediaType':'"
                    + MediaTypes.DOCKER_CONFIG
                    + "','size':1469,'digest':'"
                    + A
                    + "'},'layers':[{'mediaType':'"
                    + MediaTypes.DOCKER_LAYER_GZIP
                    + "','size':2229,'digest':'"
                    + B
                    + "'}]}"),
            null);

    assertThat(m.isDocker()).isTrue();
    assertThat(m.config().digest().toString()).isEqualTo(A);
    assertThat(m.layers()).extracting(Descriptor::size).containsExactly(2229L);
    assertThat(m.totalSize()).isEqualTo(1469 + 2229);
  }

  @Test
  void takesTheMediaTypeFromTheContentTypeWhenTheDocumentHasNone() {
    ImageManifest m =
        ImageManifest.parse(
            json(
                "{'schemaVersion':2,'config':{'mediaType':'x/y','size':2,'digest':'"
                    + A
                    + "'},'layers':[]}"),
            MediaTypes.OCI_MANIFEST);

    assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void roundTripsUnknownFieldsAndWritesCanonicalJson() {
    String original =
        "{'schemaVersion':2,'mediaType':'"
            + MediaTypes.OCI_MANIFEST
            + "','artifactType':'application/x-test','config':{'mediaType':'"
            + MediaTypes.OCI_CONFIG
            + "','digest':'"
            + A
            + "','size':7,'data':'e30='},'layers':[{'mediaType':'"
            + MediaTypes.OCI_LAYER_ZSTD
            + "','digest':'"
            + B
            + "','size':9,'annotations':{'z':'1','a':'2'}}],'annotations':{'org.opencontainers.image.created':'2024-01-01T00:00:00Z'},"
            + "'subject':{'mediaType':'x/y','digest':'"
            + A
            + "','size':1}}";
    ImageManifest m = ImageManifest.parse(json(original), null);

    String written = new String(m.toBytes(), StandardCharsets.UTF_8);

    assertThat(ImageManifest.parse(m.toBytes(), null)).isEqualTo(m);
    assertThat(m.unknown().names()).containsExactly("artifactType", "subject");
    assertThat(m.config().unknown().names()).containsExactly("data");
    // known fields in spec order, map keys sorted, unknown fields last
    assertThat(written)
        .startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",")
        .contains("\"annotations\":{\"a\":\"2\",\"z\":\"1\"}")
        .endsWith("\"size\":1}}");
    assertThat(m.digest()).isEqualTo(Digest.sha256(m.toBytes()));
  }

  @Test
  void buildsTheSameBytesForTheSameContent() {
    Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(A), 10);
    Descriptor layer =
        Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(B), 20)
            .withAnnotations(Map.of("b", "2", "a", "1"));

    assertThat(ImageManifest.oci(config, List.of(layer)).toBytes())
        .isEqualTo(ImageManifest.oci(config, List.of(layer)).toBytes());
    assertThat(
            new String(ImageManifest.oci(config, List.of(layer)).toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + A
                + "\",\"size\":10},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_GZIP
                + "\",\"digest\":\""
                + B
                + "\",\"size\":20,\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}]}");
  }

  @Test
  void rejectsSchema1IndexesAndBrokenDescriptorsWithThePath() {
    assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':1}"), null))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("schemaVersion 1");
    assertThatThrownBy(
            () ->
                ImageManifest.parse(
                    json("{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_INDEX + "'}"), null))
        .hasMessageContaining("got an index");
    assertThatThrownBy(
            () ->
                ImageManifest.parse(
                    json(
                        "{'schemaVersion':2,'config':{'mediaType':'x/y','size':1,'digest':'"
                            + A
                            + "'},'layers':[{'mediaType':'x/y','size':1,'digest':'md5:00'}]}"),
                    null))
        .hasMessageContaining("manifest.layers[0].digest");
    assertThatThrownBy(() -> ImageManifest.parse(json("[1]"), null))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> Descriptor.of("not a type", Digest.parse(A), 1))
        .hasMessageContaining("invalid media type");
    assertThatThrownBy(() -> Descriptor.of("x/y", Digest.parse(A), -1))
        .hasMessageContaining("negative size");
  }
}
