package dev.stowage.engine.build;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Image names the way podman and buildah write and find them: a short name {@code app} is stored as
 * {@code localhost/app:latest}, and {@code FROM busybox} also finds {@code
 * docker.io/library/busybox:latest}.
 */
final class ImageNames {

  private ImageNames() {}

  /** The name under which {@code -t name} is stored. */
  static String forTag(String name) {
    String n = name.trim();
    if (n.isEmpty()) {
      throw new IllegalArgumentException("empty image name");
    }
    String first = n.contains("/") ? n.substring(0, n.indexOf('/')) : "";
    boolean hasRegistry =
        !first.isEmpty()
            && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    String full = hasRegistry ? n : "localhost/" + n;
    return hasTagOrDigest(full) ? full : full + ":latest";
  }

  /** Names a store may hold {@code reference} under, the most literal first. */
  static List<String> lookupCandidates(String reference) {
    Set<String> out = new LinkedHashSet<>();
    String r = reference.trim();
    out.add(r);
    String tagged = hasTagOrDigest(r) ? r : r + ":latest";
    out.add(tagged);
    String first = r.contains("/") ? r.substring(0, r.indexOf('/')) : "";
    boolean hasRegistry =
        !first.isEmpty()
            && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (!hasRegistry) {
      out.add("localhost/" + tagged);
      out.add("docker.io/" + (r.contains("/") ? "" : "library/") + tagged);
    } else if (first.equals("docker.io") && r.chars().filter(c -> c == '/').count() == 1) {
      out.add("docker.io/library/" + tagged.substring("docker.io/".length()));
    }
    return List.copyOf(out);
  }

  private static boolean hasTagOrDigest(String name) {
    if (name.contains("@")) {
      return true;
    }
    int slash = name.lastIndexOf('/');
    return name.indexOf(':', slash + 1) >= 0;
  }
}
