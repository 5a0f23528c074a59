package dev.stowage.engine.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A clone to make.
 *
 * @param url the remote, as given
 * @param revision branch, tag or commit id; empty for the remote HEAD
 * @param depth commits of history to fetch, 0 for all
 * @param credentials the directory holding the clone Secret's keys, if any
 * @param dest where the working tree (and its {@code .git}) goes; created, must be empty
 * @param contextDir the directory that must exist in the checkout
 * @param timeout for each network read of the transport
 */
public record GitFetchRequest(
    String url,
    Optional<String> revision,
    int depth,
    Optional<Path> credentials,
    Path dest,
    RelativePath contextDir,
    Duration timeout) {

  /** The network timeout when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  public GitFetchRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(dest, "dest");
    revision = revision.filter(r -> !r.isBlank());
    if (depth < 0) {
      throw new IllegalArgumentException("--depth must be 0 (full history) or more, not " + depth);
    }
  }
}
