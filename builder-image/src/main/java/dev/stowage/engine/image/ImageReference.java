package dev.stowage.engine.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fully-qualified image reference {@code registry/repository[:tag][@digest]}, normalised as
 * docker does ({@code busybox} is {@code docker.io/library/busybox:latest}). At least one of {@code
 * tag} and {@code digest} is set; the other may be null.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

  public static final String DOCKER_HUB = "docker.io";
  public static final String DEFAULT_TAG = "latest";

  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*|\\[[a-fA-F0-9:]+\\])"
              + "(?::[0-9]+)?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern HEX_ID = Pattern.compile("[a-f0-9]{64}");
  private static final int MAX_NAME_LENGTH = 255;

  public ImageReference {
    if (registry == null || !DOMAIN.matcher(registry).matches()) {
      throw new InvalidReferenceException("invalid registry host '" + registry + "'");
    }
    Objects.requireNonNull(repository, "repository");
    for (String component : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new InvalidReferenceException(describeBadComponent(repository, component));
      }
    }
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      throw new InvalidReferenceException(
          "repository name '" + registry + "/" + repository + "' is longer than 255 characters");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new InvalidReferenceException(
          "invalid tag '"
              + tag
              + "': a tag is 1-128 letters, digits, '_', '.' or '-' and cannot start with '.' or"
              + " '-'");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
  }

  /**
   * Parses a reference the way {@code docker pull} and {@code podman pull} read one.
   *
   * @throws InvalidReferenceException naming what is wrong
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidReferenceException("image reference is empty");
    }
    if (!text.strip().equals(text) || text.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidReferenceException("image reference '" + text + "' contains whitespace");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String digestText = rest.substring(at + 1);
      try {
        digest = Digest.parse(digestText);
      } catch (IllegalArgumentException e) {
        throw new InvalidReferenceException(
            "invalid digest in '" + text + "': " + e.getMessage(), e);
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (tag.isEmpty()) {
        throw new InvalidReferenceException("image reference '" + text + "' has an empty tag");
      }
    }
    if (rest.isEmpty()) {
      throw new InvalidReferenceException("image reference '" + text + "' has no repository");
    }
    String registry;
    String repository;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    if (slash < 0
        || (!first.contains(".")
            && !first.contains(":")
            && !first.equals("localhost")
            && first.equals(first.toLowerCase(java.util.Locale.ROOT)))) {
      registry = DOCKER_HUB;
      repository = rest;
    } else {
      registry = first;
      repository = rest.substring(slash + 1);
    }
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      if (HEX_ID.matcher(repository).matches()) {
        throw new InvalidReferenceException(
            "'" + text + "' looks like an image ID, not a reference to pull");
      }
      repository = "library/" + repository;
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  private static String describeBadComponent(String repository, String component) {
    if (component.isEmpty()) {
      return "repository '" + repository + "' has an empty path component";
    }
    if (!component.equals(component.toLowerCase(java.util.Locale.ROOT))) {
      return "repository name '" + repository + "' must be lowercase";
    }
    return "invalid repository path component '"
        + component
        + "' in '"
        + repository
        + "': use lowercase letters and digits, separated by '.', '_', '__' or '-'";
  }

  /** {@code registry/repository}, without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** What the manifest endpoint takes: the digest when there is one, else the tag. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag;
  }

  /** The host (and port) to send API requests to; Docker Hub serves its API elsewhere. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, null);
  }

  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, null, newDigest);
  }

  /** The same repository, another repository of the same registry. */
  public ImageReference inRepository(String newRepository) {
    return new ImageReference(registry, newRepository, tag, digest);
  }

  @Override
  public String toString() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
