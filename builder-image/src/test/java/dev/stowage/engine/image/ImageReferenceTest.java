package dev.stowage.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

  private static final String HEX = "0123456789abcdef".repeat(4);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      delimiter = '|',
      textBlock =
          """
          busybox                                  | docker.io       | library/busybox     | latest | -
          busybox:1.36                             | docker.io       | library/busybox     | 1.36   | -
          library/busybox                          | docker.io       | library/busybox     | latest | -
          docker.io/busybox                        | docker.io       | library/busybox     | latest | -
          index.docker.io/library/busybox:1        | docker.io       | library/busybox     | 1      | -
          bitnami/redis:7.2                        | docker.io       | bitnami/redis       | 7.2    | -
          quay.io/podman/stable                    | quay.io         | podman/stable       | latest | -
          localhost/app                            | localhost       | app                 | latest | -
          localhost:5000/x/y:t                     | localhost:5000  | x/y                 | t      | -
          127.0.0.1:5000/team/app:v1.0_rc-1        | 127.0.0.1:5000  | team/app            | v1.0_rc-1 | -
          registry.example.com/a/b/c/d             | registry.example.com | a/b/c/d        | latest | -
          ghcr.io/o/my__img.x-y                    | ghcr.io         | o/my__img.x-y       | latest | -
          """)
  void parsesAndNormalises(
      String text, String registry, String repository, String tag, String digest) {
    ImageReference ref = ImageReference.parse(text);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isNull();
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void keepsDigestAloneOrWithTag() {
    ImageReference byDigest = ImageReference.parse("alpine@sha256:" + HEX);
    assertThat(byDigest.tag()).isNull();
    assertThat(byDigest.digest()).isEqualTo(Digest.sha256Hex(HEX));
    assertThat(byDigest.manifestReference()).isEqualTo("sha256:" + HEX);
    assertThat(byDigest.toString()).isEqualTo("docker.io/library/alpine@sha256:" + HEX);

    ImageReference both = ImageReference.parse("localhost:5000/x:3@sha256:" + HEX);
    assertThat(both.tag()).isEqualTo("3");
    assertThat(both.manifestReference()).isEqualTo("sha256:" + HEX);
    assertThat(both.toString()).isEqualTo("localhost:5000/x:3@sha256:" + HEX);
  }

  @Test
  void sendsDockerHubApiRequestsToRegistry1() {
    assertThat(ImageReference.parse("busybox").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("localhost:5000/a").apiHost()).isEqualTo("localhost:5000");
  }

  @Test
  void aFirstComponentWithUppercaseIsARegistryHost() {
    // docker's rule: "Foo/bar" names host Foo, not a Hub namespace (which must be lowercase)
    assertThat(ImageReference.parse("Foo/bar").registry()).isEqualTo("Foo");
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                 | image reference is empty
          'busy box'                         | contains whitespace
          Busybox                            | must be lowercase
          docker.io/Library/busybox          | must be lowercase
          busybox:                           | empty tag
          'busybox:-bad'                     | invalid tag '-bad'
          localhost:5000/x:a/b               | invalid repository path component
          'x//y'                             | empty path component
          'x/'                               | empty path component
          alpine@sha256:abc                  | invalid digest
          alpine@md5:0123                    | unsupported digest algorithm
          'a_-b'                             | invalid repository path component 'a_-b'
          ':tag'                             | has no repository
          'exa mple.com/x'                   | whitespace
          -host.com/x                        | invalid registry host
          """)
  void rejectsWithAMessageSayingWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsAnImageIdAsReference() {
    assertThatThrownBy(() -> ImageReference.parse(HEX))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("image ID");
  }

  @Test
  void rejectsTagsLongerThan128AndNamesLongerThan255() {
    assertThatThrownBy(() -> ImageReference.parse("x:" + "a".repeat(129)))
        .hasMessageContaining("invalid tag");
    assertThatThrownBy(() -> ImageReference.parse("localhost/" + "a".repeat(250)))
        .hasMessageContaining("longer than 255");
  }

  @Test
  void withTagDropsTheDigest() {
    ImageReference ref = ImageReference.parse("localhost:5000/x@sha256:" + HEX).withTag("v2");
    assertThat(ref.toString()).isEqualTo("localhost:5000/x:v2");
  }
}
