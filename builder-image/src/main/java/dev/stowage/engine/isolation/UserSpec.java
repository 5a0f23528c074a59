package dev.stowage.engine.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code USER} value, {@code name[:group]} or {@code uid[:gid]}, resolved against the image's
 * {@code /etc/passwd} and {@code /etc/group} the way runc resolves it: a numeric user need not
 * exist, a named one must; supplementary groups come from {@code /etc/group} only when no group is
 * given.
 */
public record UserSpec(String user, Optional<String> group) {

  public UserSpec {
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("USER needs a user name or id");
    }
    group = group.filter(g -> !g.isEmpty());
  }

  /** Parses {@code user[:group]}; an empty value means root, as when the image sets no USER. */
  public static UserSpec parse(String value) {
    if (value == null || value.isBlank()) {
      return new UserSpec("0", Optional.empty());
    }
    int colon = value.indexOf(':');
    return colon < 0
        ? new UserSpec(value.strip(), Optional.empty())
        : new UserSpec(
            value.substring(0, colon).strip(), Optional.of(value.substring(colon + 1).strip()));
  }

  /**
   * Looks the user and group up inside {@code rootfs} (symlinks are followed only within it).
   *
   * @throws IsolationException with reason {@code UNKNOWN_USER} when a name is not in the files
   */
  public ResolvedUser resolve(Path rootfs) {
    List<String[]> passwd = read(rootfs, "/etc/passwd", 7);
    List<String[]> groups = read(rootfs, "/etc/group", 4);
    Optional<Integer> numericUser = id(user);
    String[] entry = null;
    for (String[] p : passwd) {
      boolean match = numericUser.isPresent() ? id(p[2]).equals(numericUser) : p[0].equals(user);
      if (match) {
        entry = p;
        break;
      }
    }
    if (entry == null && numericUser.isEmpty()) {
      throw unknown("user " + user + " is not in the image's /etc/passwd");
    }
    int uid = numericUser.orElseGet(() -> 0);
    int gid = 0;
    String home = "/";
    if (entry != null) {
      uid = id(entry[2]).orElseThrow(() -> unknown("bad uid in /etc/passwd for " + user));
      gid = id(entry[3]).orElse(0);
      home = entry[5];
    }
    Set<Integer> supplementary = new LinkedHashSet<>();
    if (group.isPresent()) {
      gid = groupId(group.get(), groups);
    } else if (entry != null) {
      String name = entry[0];
      for (String[] g : groups) {
        for (String member : g[3].split(",")) {
          if (member.strip().equals(name)) {
            id(g[2]).ifPresent(supplementary::add);
          }
        }
      }
    }
    if (uid == 0 && entry == null) {
      home = "/root";
    }
    return new ResolvedUser(uid, gid, new ArrayList<>(supplementary), home);
  }

  private static int groupId(String group, List<String[]> groups) {
    Optional<Integer> numeric = id(group);
    if (numeric.isPresent()) {
      return numeric.get();
    }
    for (String[] g : groups) {
      if (g[0].equals(group)) {
        return id(g[2]).orElseThrow(() -> unknown("bad gid in /etc/group for " + group));
      }
    }
    throw unknown("group " + group + " is not in the image's /etc/group");
  }

  private static Optional<Integer> id(String s) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    long v = Long.parseLong(s);
    return v <= 0xFFFF_FFFEL ? Optional.of((int) v) : Optional.empty();
  }

  private static List<String[]> read(Path rootfs, String file, int fields) {
    List<String[]> rows = new ArrayList<>();
    try {
      Path host = RootPath.resolve(rootfs, file);
      if (!Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
        return rows;
      }
      for (String line : new String(Files.readAllBytes(host), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(":", -1);
        if (parts.length >= fields - 1) {
          String[] row = new String[fields];
          for (int i = 0; i < fields; i++) {
            row[i] = i < parts.length ? parts[i] : "";
          }
          rows.add(row);
        }
      }
    } catch (NoSuchFileException e) {
      return rows;
    } catch (IOException e) {
      throw new IsolationException(
          IsolationException.Reason.UNKNOWN_USER,
          "cannot read " + file + " in " + rootfs + ": " + e.getMessage(),
          e);
    }
    return rows;
  }

  private static IsolationException unknown(String message) {
    return new IsolationException(IsolationException.Reason.UNKNOWN_USER, message);
  }
}
