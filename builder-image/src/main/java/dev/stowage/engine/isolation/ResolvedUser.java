package dev.stowage.engine.isolation;

import java.util.List;

/** The ids a RUN step runs with, and the home directory for {@code HOME}. */
public record ResolvedUser(int uid, int gid, List<Integer> groups, String home) {

  public static final ResolvedUser ROOT = new ResolvedUser(0, 0, List.of(), "/root");

  public ResolvedUser {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must be >= 0, got " + uid + ":" + gid);
    }
    groups = List.copyOf(groups);
    if (home == null || home.isEmpty()) {
      home = "/";
    }
  }
}
