package dev.stowage.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageIndexTest {

  private static Descriptor entry(char hex, Platform platform) {
    Descriptor d =
        Descriptor.of(
            MediaTypes.OCI_MANIFEST, Digest.sha256Hex(String.valueOf(hex).repeat(64)), 100);
    return platform == null ? d : d.withPlatform(platform);
  }

  @Test
  void picksLinuxAmd64AmongOtherPlatformsAndAttestations() {
    ImageIndex index =
        ImageIndex.oci(
            List.of(
                entry('1', Platform.parse("linux/arm64/v8")),
                entry('2', Platform.parse("unknown/unknown")),
                entry('3', Platform.LINUX_AMD64),
                entry('4', Platform.parse("windows/amd64"))));

    assertThat(index.select(Platform.LINUX_AMD64))
        .map(d -> d.digest().hex().charAt(0))
        .contains('3');
    assertThat(index.select(Platform.parse("linux/s390x"))).isEmpty();
    assertThat(index.platforms()).contains("linux/arm64/v8", "linux/amd64");
  }

  @Test
  void prefersThePlainVariantOverMicroarchitectureLevels() {
    ImageIndex index =
        ImageIndex.oci(
            List.of(
                entry('1', Platform.parse("linux/amd64/v3")),
                entry('2', Platform.LINUX_AMD64),
                entry('3', Platform.parse("linux/amd64/v2"))));

    assertThat(index.select(Platform.LINUX_AMD64))
        .map(d -> d.digest().hex().charAt(0))
        .contains('2');
    assertThat(index.select(Platform.parse("linux/amd64/v2")))
        .map(d -> d.digest().hex().charAt(0))
        .contains('3');
  }

  @Test
  void treatsArm64WithoutVariantAsV8AndMatchesArmVariantsExactly() {
    ImageIndex index =
        ImageIndex.dockerList(
            List.of(
                entry('1', Platform.parse("linux/arm/v6")),
                entry('2', Platform.parse("linux/arm/v7")),
                entry('3', Platform.parse("linux/arm64"))));

    assertThat(index.select(Platform.parse("linux/arm64/v8")))
        .map(d -> d.digest().hex().charAt(0))
        .contains('3');
    assertThat(index.select(Platform.parse("linux/arm/v6")))
        .map(d -> d.digest().hex().charAt(0))
        .contains('1');
    assertThat(index.select(Platform.parse("linux/arm")))
        .map(d -> d.digest().hex().charAt(0))
        .contains('2');
  }

  @Test
  void parsesADockerManifestListAndRoundTrips() {
    String json =
        ("{'schemaVersion':2,'mediaType':'"
                + MediaTypes.DOCKER_MANIFEST_LIST
                + "','manifests':[{'mediaType':'"
                + MediaTypes.DOCKER_MANIFEST
                + "','size':528,'digest':'sha256:"
                + "c".repeat(64)
                + "','platform':{'architecture':'amd64','os':'linux','features':['sse4']}}]}")
            .replace('\'', '"');

    ImageIndex index = ImageIndex.parse(json.getBytes(StandardCharsets.UTF_8), null);

    assertThat(index.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(index.select(Platform.LINUX_AMD64)).isPresent();
    assertThat(ImageIndex.parse(index.toBytes(), null)).isEqualTo(index);
    assertThat(index.manifests().getFirst().platform().unknown().names())
        .containsExactly("features");
    assertThat(new String(index.toBytes(), StandardCharsets.UTF_8))
        .contains("\"features\":[\"sse4\"]");
  }
}
