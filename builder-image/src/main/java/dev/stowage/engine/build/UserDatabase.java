package dev.stowage.engine.build;

import dev.stowage.engine.fs.SafePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The users and groups of a root file system ({@code /etc/passwd}, {@code /etc/group}, read inside
 * the root), for {@code --chown} names.
 */
final class UserDatabase {

  /** A numeric owner. */
  record Owner(long uid, long gid) {}

  private final Map<String, long[]> users;
  private final Map<String, Long> groups;

  private UserDatabase(Map<String, long[]> users, Map<String, Long> groups) {
    this.users = users;
    this.groups = groups;
  }

  static UserDatabase read(Path rootfs) throws IOException {
    Map<String, long[]> users = new HashMap<>();
    for (String[] f : entries(rootfs, "etc/passwd")) {
      if (f.length >= 4) {
        parse(f[2])
            .ifPresent(uid -> parse(f[3]).ifPresent(gid -> users.put(f[0], new long[] {uid, gid})));
      }
    }
    Map<String, Long> groups = new HashMap<>();
    for (String[] f : entries(rootfs, "etc/group")) {
      if (f.length >= 3) {
        parse(f[2]).ifPresent(gid -> groups.put(f[0], gid));
      }
    }
    return new UserDatabase(users, groups);
  }

  /**
   * Resolves {@code user[:group]} as Docker does for {@code --chown}: numbers as they are, names
   * through the files; a missing group is the user's primary group (or the uid when numeric).
   */
  Owner owner(String spec) throws IllegalArgumentException {
    int colon = spec.indexOf(':');
    String user = colon < 0 ? spec : spec.substring(0, colon);
    Optional<String> group = colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1));
    long uid;
    long primaryGid;
    Optional<Long> numeric = parse(user);
    if (numeric.isPresent()) {
      uid = numeric.get();
      primaryGid = uid;
    } else {
      long[] u = users.get(user);
      if (u == null) {
        throw new IllegalArgumentException(
            "user " + user + " is not in the image's /etc/passwd; use a numeric id");
      }
      uid = u[0];
      primaryGid = u[1];
    }
    if (group.isEmpty() || group.get().isEmpty()) {
      return new Owner(uid, primaryGid);
    }
    Optional<Long> gidNum = parse(group.get());
    if (gidNum.isPresent()) {
      return new Owner(uid, gidNum.get());
    }
    Long gid = groups.get(group.get());
    if (gid == null) {
      throw new IllegalArgumentException(
          "group " + group.get() + " is not in the image's /etc/group; use a numeric id");
    }
    return new Owner(uid, gid);
  }

  private static java.util.List<String[]> entries(Path rootfs, String file) throws IOException {
    Path p;
    try {
      p = SafePath.resolve(rootfs, file);
    } catch (IOException e) {
      return java.util.List.of();
    }
    if (!Files.isRegularFile(p)) {
      return java.util.List.of();
    }
    return Files.readAllLines(p, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split(":", -1))
        .toList();
  }

  private static Optional<Long> parse(String s) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 10) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(s));
  }
}
