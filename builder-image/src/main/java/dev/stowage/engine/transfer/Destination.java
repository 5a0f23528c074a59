package dev.stowage.engine.transfer;

import dev.stowage.engine.image.ImageReference;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code push} and {@code build --output} write an image: {@code docker://REF}, {@code
 * oci:DIR[:NAME]} (an OCI image layout), {@code oci-archive:FILE[:NAME]} (that layout as a tar) or
 * {@code docker-archive:FILE[:REF]} (docker save format).
 */
public sealed interface Destination {

  /** A registry repository and tag. */
  record Registry(ImageReference reference) implements Destination {}

  /**
   * An OCI image layout directory; {@code name} becomes {@code org.opencontainers.image.ref.name}.
   */
  record OciLayout(Path directory, Optional<String> name) implements Destination {}

  /**
   * A tar of an OCI image layout; {@code name} (default: the image's first name) becomes its {@code
   * org.opencontainers.image.ref.name}, the name {@code podman load} gives the image.
   */
  record OciArchive(Path file, Optional<String> name) implements Destination {}

  /** A docker-archive tarball; {@code reference} becomes its RepoTags entry. */
  record DockerArchive(Path file, Optional<String> reference) implements Destination {}

  /**
   * Parses a transport-prefixed destination; a bare reference means {@code docker://}.
   *
   * @throws IllegalArgumentException for an unknown transport or an empty path
   */
  static Destination parse(String text) {
    if (text.startsWith("docker://")) {
      return new Registry(ImageReference.parse(text.substring("docker://".length())));
    }
    if (text.startsWith("oci:")) {
      String rest = text.substring("oci:".length());
      int colon = rest.indexOf(':');
      return new OciLayout(
          path(text, colon < 0 ? rest : rest.substring(0, colon)),
          colon < 0 ? Optional.empty() : Optional.of(rest.substring(colon + 1)));
    }
    if (text.startsWith("oci-archive:")) {
      String rest = text.substring("oci-archive:".length());
      int colon = rest.indexOf(':');
      return new OciArchive(
          path(text, colon < 0 ? rest : rest.substring(0, colon)),
          colon < 0 ? Optional.empty() : Optional.of(rest.substring(colon + 1)));
    }
    if (text.startsWith("docker-archive:")) {
      String rest = text.substring("docker-archive:".length());
      int colon = rest.indexOf(':');
      return new DockerArchive(
          path(text, colon < 0 ? rest : rest.substring(0, colon)),
          colon < 0 ? Optional.empty() : Optional.of(rest.substring(colon + 1)));
    }
    return new Registry(ImageReference.parse(text));
  }

  private static Path path(String text, String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("destination '" + text + "' names no path");
    }
    return Path.of(path);
  }
}
