package dev.stowage.engine.archive;

import java.util.Set;
import java.util.TreeSet;

/**
 * Paths (relative to a root, without leading slash) kept out of snapshots and layers, each with
 * everything below it: e.g. the {@code /etc/hosts} and {@code /etc/resolv.conf} the engine provides
 * to RUN steps.
 */
public record PathExclusions(Set<String> paths) {

  /** Excludes nothing. */
  public static final PathExclusions NONE = new PathExclusions(Set.of());

  /** The files the build provides to RUN steps and which never belong in a layer. */
  public static final PathExclusions RUNTIME_PROVIDED =
      of("etc/hosts", "etc/resolv.conf", "etc/hostname", "run/.containerenv");

  public PathExclusions {
    TreeSet<String> clean = new TreeSet<>();
    for (String p : paths) {
      String c = trim(p);
      if (!c.isEmpty()) {
        clean.add(c);
      }
    }
    paths = Set.copyOf(clean);
  }

  public static PathExclusions of(String... paths) {
    return new PathExclusions(Set.of(paths));
  }

  /** These exclusions plus {@code more}. */
  public PathExclusions plus(String... more) {
    TreeSet<String> all = new TreeSet<>(paths);
    all.addAll(Set.of(more));
    return new PathExclusions(all);
  }

  /** True when {@code relative} is one of the paths or lies below one. */
  public boolean excludes(String relative) {
    if (paths.isEmpty()) {
      return false;
    }
    String p = trim(relative);
    for (int slash = p.length(); slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
      if (paths.contains(p.substring(0, slash))) {
        return true;
      }
    }
    return false;
  }

  private static String trim(String p) {
    int start = 0;
    int end = p.length();
    while (start < end && p.charAt(start) == '/') {
      start++;
    }
    while (end > start && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(start, end);
  }
}
