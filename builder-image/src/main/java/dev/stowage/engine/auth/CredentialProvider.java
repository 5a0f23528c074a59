package dev.stowage.engine.auth;

import java.util.Optional;

/** Finds the credential for a repository of a registry; empty means anonymous. */
@FunctionalInterface
public interface CredentialProvider {

  /**
   * The credential for {@code repository} on {@code registry} (a host[:port] as in the image
   * reference, {@code docker.io} for Docker Hub).
   *
   * @throws AuthConfigException when the configuration exists but cannot be used
   */
  Optional<Credential> credentialFor(String registry, String repository);

  /** No credentials anywhere. */
  static CredentialProvider anonymous() {
    return (registry, repository) -> Optional.empty();
  }

  /** One credential for every repository of {@code registry}. */
  static CredentialProvider fixed(String registry, Credential credential) {
    return (r, repo) -> r.equals(registry) ? Optional.of(credential) : Optional.empty();
  }
}
