package dev.stowage.engine.registry;

import dev.stowage.engine.image.Digest;
import java.util.List;

/** Content whose digest (or size) differs from the one asked for; nothing was kept. */
public class DigestMismatchException extends RegistryException {

  private final Digest expected;
  private final Digest actual;

  public DigestMismatchException(
      String registry, String repository, String action, Digest expected, Digest actual) {
    super(
        registry,
        repository,
        action,
        0,
        List.of(),
        "content has digest "
            + actual
            + " but "
            + expected
            + " was expected; the registry served corrupt or tampered data",
        null);
    this.expected = expected;
    this.actual = actual;
  }

  public Digest expected() {
    return expected;
  }

  public Digest actual() {
    return actual;
  }
}
