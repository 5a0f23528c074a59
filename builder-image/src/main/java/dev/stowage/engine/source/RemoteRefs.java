package dev.stowage.engine.source;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a git remote advertises.
 *
 * @param commits each ref name (including {@code HEAD}) and the commit it names: annotated tags
 *     peeled where the server says so, else the tag object's id
 * @param headTarget the branch {@code HEAD} points to, e.g. {@code refs/heads/main}, when the
 *     server tells
 */
public record RemoteRefs(Map<String, String> commits, Optional<String> headTarget) {

  public RemoteRefs {
    commits = Map.copyOf(commits);
  }

  /** The ref names, sorted. */
  TreeMap<String, String> sorted() {
    return new TreeMap<>(commits);
  }
}
